// The trainer's thread pool (see parallel.h). Workers sleep on a condition variable between jobs;
// the calling thread runs chunk 0 itself.
#include "workloads/train/parallel.h"

#include <malloc.h>

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace vpsim {
namespace {

class Pool {
 public:
  explicit Pool(int threads) : threads_(std::max(1, threads)) {
    for (int t = 1; t < threads_; ++t) workers_.emplace_back([this, t] { loop(t); });
  }
  ~Pool() {
    {
      std::lock_guard<std::mutex> lk(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto& w : workers_) w.join();
  }
  int threads() const { return threads_; }

  void run(int chunks, const std::function<void(int)>& job) {
    {
      std::lock_guard<std::mutex> lk(mu_);
      job_ = &job, chunks_ = chunks, pending_ = chunks - 1, ++generation_;
      error_ = nullptr;
    }
    cv_.notify_all();
    try {
      job(0);
    } catch (...) {
      std::lock_guard<std::mutex> lk(mu_);
      if (!error_) error_ = std::current_exception();
    }
    std::unique_lock<std::mutex> lk(mu_);
    done_cv_.wait(lk, [&] { return pending_ == 0; });
    if (error_) std::rethrow_exception(error_);
  }

 private:
  void loop(int t) {
    uint64_t seen = 0;
    for (;;) {
      std::unique_lock<std::mutex> lk(mu_);
      cv_.wait(lk, [&] { return stop_ || generation_ != seen; });
      if (stop_) return;
      seen = generation_;
      if (t >= chunks_) continue;  // this job has fewer chunks than threads
      const auto* job = job_;
      lk.unlock();
      try {
        (*job)(t);
      } catch (...) {
        std::lock_guard<std::mutex> g(mu_);
        if (!error_) error_ = std::current_exception();
      }
      lk.lock();
      if (--pending_ == 0) done_cv_.notify_one();
    }
  }

  int threads_;
  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::condition_variable cv_, done_cv_;
  const std::function<void(int)>* job_ = nullptr;
  int chunks_ = 0, pending_ = 0;
  uint64_t generation_ = 0;
  bool stop_ = false;
  std::exception_ptr error_;
};

thread_local bool t_in_job = false;  // nested parallelFor runs inline instead of deadlocking

std::unique_ptr<Pool>& pool() {
  static std::unique_ptr<Pool> p;
  return p;
}

}  // namespace

void setTrainThreads(int threads) {
  // Activations are a few MB each and reallocated every step: keep freed blocks in the heap instead
  // of returning them to the OS, or every step pays page faults on fresh mmap'ed memory.
  static const bool heap_tuned = [] {
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    return true;
  }();
  (void)heap_tuned;
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (pool() && pool()->threads() == threads) return;
  pool() = std::make_unique<Pool>(threads);
}

int trainThreads() {
  if (!pool()) setTrainThreads(0);
  return pool()->threads();
}

int parallelChunks(int64_t n) { return static_cast<int>(std::min<int64_t>(trainThreads(), std::max<int64_t>(n, 1))); }

void parallelFor(int64_t n, const std::function<void(int, int64_t, int64_t)>& fn) {
  if (n <= 0) return;
  const int chunks = parallelChunks(n);
  if (chunks == 1 || t_in_job) return fn(0, 0, n);
  auto job = [&](int c) {
    const int64_t b = n * c / chunks, e = n * (c + 1) / chunks;
    t_in_job = true;
    try {
      if (b < e) fn(c, b, e);
    } catch (...) {
      t_in_job = false;
      throw;
    }
    t_in_job = false;
  };
  pool()->run(chunks, job);
}

}  // namespace vpsim
