// Runs jobs on a fixed set of threads and hands their results back in the
// order the jobs were submitted, with a bounded number in flight (so memory
// stays bounded however long the input).
//
//   OrderedPool<std::string> pool(threads);
//   for (auto& batch : batches) pool.Submit([&] { return Work(batch); }, Print);
//   pool.Finish(Print);
//
// With one thread, jobs run inline, in order, with no thread at all.
#ifndef REFRAME_PIPELINE_ORDERED_POOL_H_
#define REFRAME_PIPELINE_ORDERED_POOL_H_

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

namespace reframe::internal {

template <typename Result>
class OrderedPool {
 public:
  using Job = std::function<Result()>;
  using Sink = std::function<void(Result&)>;

  // `threads` workers (0 = one per core); at most `max_pending` jobs
  // (default 4 per worker) are queued or done but not yet handed back.
  explicit OrderedPool(unsigned threads, size_t max_pending = 0) {
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    max_pending_ = max_pending ? max_pending : threads * 4;
    if (threads == 1) return;
    for (unsigned i = 0; i < threads; ++i) workers_.emplace_back([this] { Work(); });
  }

  ~OrderedPool() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (std::thread& t : workers_) t.join();
  }

  OrderedPool(const OrderedPool&) = delete;
  OrderedPool& operator=(const OrderedPool&) = delete;

  // Queues `job`; hands finished results to `sink` in order (on this thread)
  // while too many are pending.
  void Submit(Job job, const Sink& sink) {
    if (workers_.empty()) {
      Result r = job();
      sink(r);
      return;
    }
    std::packaged_task<Result()> task(std::move(job));
    pending_.push_back(task.get_future());
    {
      std::lock_guard<std::mutex> lock(mu_);
      queue_.push_back(std::move(task));
    }
    cv_.notify_one();
    while (pending_.size() > max_pending_) Deliver(sink);
  }

  // Hands every remaining result to `sink`, in order.
  void Finish(const Sink& sink) {
    while (!pending_.empty()) Deliver(sink);
  }

  size_t threads() const { return workers_.empty() ? 1 : workers_.size(); }

 private:
  void Deliver(const Sink& sink) {
    Result r = pending_.front().get();
    pending_.pop_front();
    sink(r);
  }

  void Work() {
    for (;;) {
      std::packaged_task<Result()> task;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, nothing left
        task = std::move(queue_.front());
        queue_.pop_front();
      }
      task();
    }
  }

  size_t max_pending_ = 4;
  std::vector<std::thread> workers_;
  std::deque<std::future<Result>> pending_;  // submission order
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::packaged_task<Result()>> queue_;
  bool stop_ = false;
};

}  // namespace reframe::internal

#endif  // REFRAME_PIPELINE_ORDERED_POOL_H_
