pipeline: pipeline.cpp /work/main/include/ipclab/check.hpp stages.hpp
/work/main/include/ipclab/check.hpp:
stages.hpp:
