ls_wc: ls_wc.cpp ../../include/ipclab/check.hpp
../../include/ipclab/check.hpp:
