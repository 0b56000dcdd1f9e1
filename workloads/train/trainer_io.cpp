// metrics.csv and the trace's metric lines (see trainer.h). Fixed-precision formatting keeps the
// files byte-identical between identical runs.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "traces/input_error.h"
#include "workloads/train/trainer.h"

namespace vpsim {

void writeMetricsCsv(const std::string& path, const std::vector<EpochMetrics>& epochs, bool ppl) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp);
    if (!out) throw InputError("cannot write " + tmp);
    out << "epoch,iterations,lr,train_loss,train_acc,test_loss,test_acc,avg_bits,avg_grad_bits,gbitops"
        << (ppl ? ",train_ppl,valid_ppl\n" : "\n");
    char line[512];
    for (const auto& m : epochs) {
      std::snprintf(line, sizeof(line), "%lld,%lld,%.6g,%.6f,%.6f,%.6f,%.6f,%.4f,%.4f,%.6f",
                    static_cast<long long>(m.epoch), static_cast<long long>(m.iterations), m.lr, m.train_loss,
                    m.train_acc, m.test_loss, m.test_acc, m.avg_bits, m.avg_grad_bits, m.gbitops);
      out << line;
      if (ppl)
        std::snprintf(line, sizeof(line), ",%.4f,%.4f", std::exp(m.train_loss), std::exp(m.test_loss)), out << line;
      out << '\n';
    }
  }
  std::filesystem::rename(tmp, path);
}

nlohmann::json metricsJson(const EpochMetrics& m, bool ppl) {
  // Rounded like the CSV so the trace is as reproducible as the CSV.
  auto r = [](double v, double scale) { return std::round(v * scale) / scale; };
  nlohmann::json j = {{"iterations", m.iterations},       {"lr", m.lr},
                      {"loss", r(m.train_loss, 1e6)},     {"train_acc", r(m.train_acc, 1e6)},
                      {"test_loss", r(m.test_loss, 1e6)}, {"test_acc", r(m.test_acc, 1e6)},
                      {"avg_bits", r(m.avg_bits, 1e4)},   {"avg_grad_bits", r(m.avg_grad_bits, 1e4)},
                      {"gbitops", r(m.gbitops, 1e6)}};
  if (ppl) j["train_ppl"] = r(std::exp(m.train_loss), 1e4), j["valid_ppl"] = r(std::exp(m.test_loss), 1e4);
  return j;
}

}  // namespace vpsim
