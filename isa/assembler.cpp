// Assembler: text -> Program, driven by the field table; disassembler: the inverse.
#include "isa/assembler.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>

#include "isa/instruction_format.h"
#include "traces/input_error.h"

namespace vpsim {
namespace {

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

bool findOpcode(const std::string& mnemonic, Opcode& op) {
  for (int i = 0; i < kNumOpcodes; ++i) {
    const auto candidate = static_cast<Opcode>(i);
    if (upper(mnemonic) == opcodeName(candidate) && instructionFormat(candidate).text_ok) {
      op = candidate;
      return true;
    }
  }
  return false;
}

// A label of the field, or an integer (decimal or 0x-hex). Returns false if neither.
bool parseValue(const Field& f, const std::string& text, int64_t& value) {
  for (size_t i = 0; i < f.labels.size(); ++i)
    if (text == f.labels[i]) return value = static_cast<int64_t>(i) + f.offset, true;
  if (text.empty() || text.size() > 20) return false;
  try {
    size_t used = 0;
    value = std::stoll(text, &used, 0);
    return used == text.size();
  } catch (const std::exception&) {
    return false;
  }
}

Instruction parseLine(const std::string& line) {
  std::istringstream in(line);
  std::string mnemonic, tok;
  in >> mnemonic;
  Instruction ins;
  if (!findOpcode(mnemonic, ins.op)) throw InputError("unknown mnemonic '" + mnemonic + "'");
  const InstructionFormat& fmt = instructionFormat(ins.op);
  std::set<std::string> seen;
  while (in >> tok) {
    const size_t eq = tok.find('=');
    const std::string key = tok.substr(0, eq), val = eq == std::string::npos ? "" : tok.substr(eq + 1);
    auto f = std::find_if(fmt.fields.begin(), fmt.fields.end(), [&](const Field& x) { return key == x.name; });
    if (eq == std::string::npos || f == fmt.fields.end())
      throw InputError(std::string(opcodeName(ins.op)) + ": unknown operand '" + tok + "'");
    if (!seen.insert(key).second) throw InputError("operand '" + key + "' given twice");
    int64_t v = 0;
    if (!parseValue(*f, val, v)) throw InputError("bad value '" + val + "' for '" + key + "'");
    if (std::string why = setField(ins, *f, v); !why.empty()) throw InputError(why);
  }
  return ins;
}

}  // namespace

Program assemble(const std::string& text) {
  Program p;
  std::istringstream in(text);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    line = line.substr(0, line.find_first_of(";#"));
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    try {
      p.code.push_back(parseLine(line));
    } catch (const InputError& e) {
      throw InputError("line " + std::to_string(n) + ": " + e.what());
    }
  }
  return p;
}

std::string disassembleInstruction(const Instruction& ins) {
  std::string out = opcodeName(ins.op);
  out.resize(std::max<size_t>(out.size() + 1, 10), ' ');
  const InstructionFormat& fmt = instructionFormat(ins.op);
  for (size_t i = 0; i < fmt.fields.size(); ++i) {
    const Field& f = fmt.fields[i];
    const int64_t v = getField(ins, f);
    const int64_t stored = v - f.offset;
    out += (i ? " " : "") + std::string(f.name) + "=";
    out += !f.labels.empty() && stored < static_cast<int64_t>(f.labels.size()) ? f.labels[stored] : std::to_string(v);
  }
  return out;
}

std::string disassemble(const Program& p) {
  std::string out;
  for (const Instruction& ins : p.code) out += disassembleInstruction(ins) + "\n";
  return out;
}

}  // namespace vpsim
