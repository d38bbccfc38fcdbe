pipeline: pipeline.cpp ../../include/ipclab/check.hpp stages.hpp
../../include/ipclab/check.hpp:
stages.hpp:
