// A small recursive-descent parser and evaluator for sweep filters (see sweep_filter.h).
#include "sim/sweep/sweep_filter.h"

#include <cctype>
#include <cstdlib>
#include <vector>

#include "traces/input_error.h"

namespace vpsim {

struct SweepFilter::Node {
  std::string op;  // "num", "str", "name", or an operator
  double num = 0;
  std::string text;
  std::unique_ptr<Node> lhs, rhs;
};

namespace {

using NodeP = std::unique_ptr<SweepFilter::Node>;

class Parser {
 public:
  Parser(const std::string& s, const std::string& where) : s_(s), where_(where) {}
  NodeP parse() {
    NodeP n = logic();
    skip();
    if (pos_ != s_.size()) fail("unexpected '" + s_.substr(pos_) + "'");
    return n;
  }

 private:
  [[noreturn]] void fail(const std::string& why) const { throw InputError(where_ + ": filter '" + s_ + "': " + why); }
  void skip() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  bool eat(const std::string& tok) {
    skip();
    if (s_.compare(pos_, tok.size(), tok) != 0) return false;
    pos_ += tok.size();
    return true;
  }
  static NodeP make(const std::string& op, NodeP l, NodeP r) {
    auto n = std::make_unique<SweepFilter::Node>();
    n->op = op, n->lhs = std::move(l), n->rhs = std::move(r);
    return n;
  }
  NodeP logic() {
    NodeP n = cmp();
    for (;;) {
      if (eat("&&"))
        n = make("&&", std::move(n), cmp());
      else if (eat("||"))
        n = make("||", std::move(n), cmp());
      else
        return n;
    }
  }
  NodeP cmp() {
    NodeP n = sum();
    for (const char* op : {"<=", ">=", "==", "!=", "<", ">"})
      if (eat(op)) return make(op, std::move(n), sum());
    return n;
  }
  NodeP sum() {
    NodeP n = term();
    for (;;) {
      if (eat("+"))
        n = make("+", std::move(n), term());
      else if (eat("-"))
        n = make("-", std::move(n), term());
      else
        return n;
    }
  }
  NodeP term() {
    NodeP n = atom();
    for (;;) {
      if (eat("*"))
        n = make("*", std::move(n), atom());
      else if (eat("/"))
        n = make("/", std::move(n), atom());
      else
        return n;
    }
  }
  NodeP atom();

  const std::string& s_;
  std::string where_;
  size_t pos_ = 0;
};

NodeP Parser::atom() {
  skip();
  if (eat("(")) {
    NodeP n = logic();
    if (!eat(")")) fail("missing ')'");
    return n;
  }
  auto n = std::make_unique<SweepFilter::Node>();
  if (pos_ >= s_.size()) fail("expression ends too early");
  const char c = s_[pos_];
  if (c == '"' || c == '\'') {
    const size_t end = s_.find(c, pos_ + 1);
    if (end == std::string::npos) fail("unterminated string");
    n->op = "str", n->text = s_.substr(pos_ + 1, end - pos_ - 1), pos_ = end + 1;
  } else if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
    char* end = nullptr;
    n->op = "num", n->num = std::strtod(s_.c_str() + pos_, &end);
    pos_ = static_cast<size_t>(end - s_.c_str());
  } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
    size_t end = pos_;
    while (end < s_.size() &&
           (std::isalnum(static_cast<unsigned char>(s_[end])) || s_[end] == '_' || s_[end] == '.' || s_[end] == '-'))
      ++end;
    n->op = "name", n->text = s_.substr(pos_, end - pos_), pos_ = end;
  } else {
    fail(std::string("unexpected '") + c + "'");
  }
  return n;
}

FilterValue eval(const SweepFilter::Node& n, const SweepFilter::Lookup& lookup, const std::string& where) {
  if (n.op == "num") return n.num;
  if (n.op == "str") return n.text;
  if (n.op == "name") {
    FilterValue v;
    // A bare word that is no known name compares as a string (array.pe == int8).
    return lookup(n.text, v) ? v : FilterValue(n.text);
  }
  const FilterValue l = eval(*n.lhs, lookup, where), r = eval(*n.rhs, lookup, where);
  if (n.op == "==") return l == r ? 1.0 : 0.0;
  if (n.op == "!=") return l != r ? 1.0 : 0.0;
  for (const FilterValue* v : {&l, &r})
    if (!std::holds_alternative<double>(*v))
      throw InputError(where + ": '" + std::get<std::string>(*v) + "' is not a known name or a number ('" + n.op +
                       "' needs numbers)");
  const double a = std::get<double>(l), b = std::get<double>(r);
  if (n.op == "&&") return (a != 0 && b != 0) ? 1.0 : 0.0;
  if (n.op == "||") return (a != 0 || b != 0) ? 1.0 : 0.0;
  if (n.op == "<=") return a <= b ? 1.0 : 0.0;
  if (n.op == ">=") return a >= b ? 1.0 : 0.0;
  if (n.op == "<") return a < b ? 1.0 : 0.0;
  if (n.op == ">") return a > b ? 1.0 : 0.0;
  if (n.op == "+") return a + b;
  if (n.op == "-") return a - b;
  if (n.op == "*") return a * b;
  return b != 0 ? a / b : 0.0;
}

}  // namespace

SweepFilter::SweepFilter(const std::string& expression, const std::string& where)
    : expression_(expression), where_(where), root_(Parser(expression_, where).parse()) {}
SweepFilter::~SweepFilter() = default;
SweepFilter::SweepFilter(SweepFilter&&) noexcept = default;

bool SweepFilter::accepts(const Lookup& lookup) const {
  const FilterValue v = eval(*root_, lookup, where_ + ": filter '" + expression_ + "'");
  if (!std::holds_alternative<double>(v))
    throw InputError(where_ + ": filter '" + expression_ + "' is not a condition");
  return std::get<double>(v) != 0;
}

}  // namespace vpsim
