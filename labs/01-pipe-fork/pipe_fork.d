pipe_fork: pipe_fork.cpp ../../include/ipclab/check.hpp \
 ../../include/ipclab/io.hpp
../../include/ipclab/check.hpp:
../../include/ipclab/io.hpp:
