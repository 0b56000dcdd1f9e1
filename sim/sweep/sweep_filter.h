// SweepFilter: a constraint on sweep points, e.g. `total_buffer_kib <= 256` or
// `array.rows * array.cols >= 256 && array.pe != int8`. Grammar:
//   expr := cmp (('&&' | '||') cmp)* ;  cmp := sum (op sum)? ;  op := <= < >= > == !=
//   sum := term (('+' | '-') term)* ;  term := atom (('*' | '/') atom)* ;
//   atom := number | name | "string" | '(' expr ')'
// Names are hardware key paths of the point (`buffers.ibuf.kib`) or derived values
// (`total_buffer_kib`, `pes`), plus `schedule`, `workload`. Parsed once; unknown names are
// reported when the first point is evaluated, before any work starts.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <variant>

namespace vpsim {

using FilterValue = std::variant<double, std::string>;

class SweepFilter {
 public:
  // Throws InputError "<where>: filter 'expr': <why>" on a syntax error.
  SweepFilter(const std::string& expression, const std::string& where);
  ~SweepFilter();
  SweepFilter(SweepFilter&&) noexcept;

  // lookup(name) returns false if the name is unknown (-> InputError naming the name).
  using Lookup = std::function<bool(const std::string& name, FilterValue& value)>;
  bool accepts(const Lookup& lookup) const;
  const std::string& expression() const { return expression_; }

  struct Node;

 private:
  std::string expression_, where_;
  std::unique_ptr<Node> root_;
};

}  // namespace vpsim
