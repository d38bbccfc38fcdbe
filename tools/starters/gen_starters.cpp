// gen_starters — write student starters from reference solutions.
//
// usage: gen_starters OUT_DIR SOLUTION_LAB_DIR...
//
// For each lab folder (e.g. solutions/01-pipe-fork) writes OUT_DIR/01-pipe-fork/
// with every source file (*.cpp, *.hpp, *.h, Makefile) of the lab: C++ files
// with their SOLUTION blocks replaced by TODOs (see markers.hpp), the rest
// copied unchanged. Files are processed in sorted order; output is
// deterministic. A marker error prints "file:line: message" and exits 1.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "markers.hpp"

namespace fs = std::filesystem;

static bool is_source(const fs::path& p) {
    const auto ext = p.extension();
    return p.filename() == "Makefile" || ext == ".cpp" || ext == ".hpp" || ext == ".h";
}

static bool is_cxx(const fs::path& p) { return p.filename() != "Makefile"; }

int main(int argc, char* argv[]) {
    if (argc < 3) {
        std::cerr << "usage: gen_starters OUT_DIR SOLUTION_LAB_DIR...\n";
        return 2;
    }
    const fs::path out_root = argv[1];
    int errors = 0;
    for (int i = 2; i < argc; ++i) {
        const fs::path lab = argv[i];
        if (!fs::is_directory(lab)) {
            std::cerr << "gen_starters: " << lab.string() << ": not a directory\n";
            return 1;
        }
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(lab))
            if (entry.is_regular_file() && is_source(entry.path())) files.push_back(entry.path());
        std::sort(files.begin(), files.end());

        const fs::path out_dir = out_root / lab.filename();
        fs::create_directories(out_dir);
        // Remove source files the solution no longer has.
        for (const auto& entry : fs::directory_iterator(out_dir))
            if (entry.is_regular_file() && is_source(entry.path()) && !fs::exists(lab / entry.path().filename()))
                fs::remove(entry.path());

        for (const auto& file : files) {
            std::ifstream in(file, std::ios::binary);
            std::stringstream buf;
            buf << in.rdbuf();
            std::string text = buf.str();
            if (is_cxx(file)) {
                auto r = starters::make_starter(text);
                if (!r.ok) {
                    std::cerr << file.string() << ":" << r.line << ": " << r.message << "\n";
                    ++errors;
                    continue;
                }
                text = std::move(r.text);
            }
            const fs::path target = out_dir / file.filename();
            std::ofstream out(target, std::ios::binary | std::ios::trunc);
            out << text;
            if (!out) {
                std::cerr << "gen_starters: " << target.string() << ": cannot write\n";
                return 1;
            }
        }
    }
    return errors == 0 ? 0 : 1;
}
