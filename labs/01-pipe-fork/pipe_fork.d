pipe_fork: pipe_fork.cpp /work/main/include/ipclab/check.hpp \
 /work/main/include/ipclab/io.hpp
/work/main/include/ipclab/check.hpp:
/work/main/include/ipclab/io.hpp:
