// ReportLayers: the per-layer figures of a run report: precision heat maps (layers x epochs from
// bits_per_epoch.csv, or layers x iterations over a window of the trace) and energy per layer
// stacked by component (layers.csv).
#pragma once

#include <string>

#include "sim/report/report_plot.h"

namespace vpsim {

class ReportLayers {
 public:
  static ReportPlot epochHeatMap(const ReportTable& bits_per_epoch);
  static ReportPlot iterationHeatMap(const std::string& trace, long long start, long long end);
  static ReportPlot layerEnergy(const ReportTable& layers);

 private:
  // Data columns: layer_index, layer, x, half_width, w, a, g; one box per (layer, x range).
  static std::string heatScript(const std::vector<std::string>& layers, double lo, double hi,
                                const std::string& xlabel);
};

}  // namespace vpsim
