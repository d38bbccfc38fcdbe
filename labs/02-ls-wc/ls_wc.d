ls_wc: ls_wc.cpp /work/main/include/ipclab/check.hpp
/work/main/include/ipclab/check.hpp:
