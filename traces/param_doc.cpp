// The text table of documented parameters printed by `vpsim hw params`.
#include "traces/param_doc.h"

#include <cstdio>
#include <sstream>

namespace vpsim {

std::string paramTable(const std::vector<ParamDoc>& params) {
  std::ostringstream o;
  o << "name                         unit      kinds          default                    results  description\n";
  for (const auto& p : params) {
    char line[640];
    std::snprintf(line, sizeof line, "%-28s %-9s %-14s %-26s %-8s %s\n", p.name, p.unit, p.kinds, p.default_value,
                  p.affects_results ? "yes" : "no", p.description);
    o << line;
  }
  return o.str();
}

}  // namespace vpsim
