// A small persistent thread pool with a fixed partition: parallelFor splits [0, n) into the same
// contiguous chunks for the same thread count every time, so per-chunk partial sums reduced in
// chunk order give bit-identical results run after run.
#pragma once

#include <cstdint>
#include <functional>

namespace vpsim {

// Sets the number of worker threads (including the caller); 0 = hardware concurrency.
void setTrainThreads(int threads);
int trainThreads();

// Runs fn(chunk, begin, end) for chunks = min(threads, n) contiguous chunks of [0, n).
// Chunk c always covers the same range for a given n and thread count. Not reentrant.
void parallelFor(int64_t n, const std::function<void(int chunk, int64_t begin, int64_t end)>& fn);

// Number of chunks parallelFor will use for n items.
int parallelChunks(int64_t n);

}  // namespace vpsim
