// ipclab/mapping.hpp — a memory mapping that unmaps itself.
//
// The lab still calls mmap() where the reader can see it; this class only
// takes ownership of the result so every exit path reaches munmap().
//
//   ipclab::mapping m(ipclab::check_map(mmap(nullptr, len, PROT_READ | PROT_WRITE,
//                                            MAP_SHARED, fd, 0), "mmap"), len);
//   std::span<std::byte> bytes = m.bytes();
#pragma once

#include <cstddef>
#include <span>
#include <sys/mman.h>
#include <utility>

namespace ipclab {

class mapping {
public:
    mapping() = default;
    mapping(void* addr, size_t size) : addr_(addr), size_(size) {}
    mapping(const mapping&) = delete;
    mapping& operator=(const mapping&) = delete;
    mapping(mapping&& other) noexcept
        : addr_(std::exchange(other.addr_, nullptr)), size_(std::exchange(other.size_, 0)) {}
    mapping& operator=(mapping&& other) noexcept {
        if (this != &other) {
            unmap();
            addr_ = std::exchange(other.addr_, nullptr);
            size_ = std::exchange(other.size_, 0);
        }
        return *this;
    }
    ~mapping() { unmap(); }

    void* get() const { return addr_; }
    size_t size() const { return size_; }
    std::span<std::byte> bytes() const { return {static_cast<std::byte*>(addr_), size_}; }
    template <typename T>
    T* as() const { return static_cast<T*>(addr_); }

    // munmap now (idempotent). Returns munmap's result (0 when nothing mapped).
    int unmap() {
        int rc = 0;
        // A zero-length mapping cannot exist: mmap refuses length 0.
        if (addr_ != nullptr && size_ > 0) rc = ::munmap(addr_, size_);
        addr_ = nullptr;
        size_ = 0;
        return rc;
    }

private:
    void* addr_ = nullptr;
    size_t size_ = 0;
};

}  // namespace ipclab
