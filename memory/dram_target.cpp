// DramTarget: time in, time out; data copied separately (debug transport shares the copy path).
#include "memory/dram_target.h"

#include "memory/dram_gather.h"

namespace vpsim {

DramTarget::DramTarget(const sc_core::sc_module_name& name, const DramTargetConfig& config)
    : sc_core::sc_module(name),
      backend_(makeDramBackend(config.dram, config.accel_clock_ns, config.ideal_pj_per_bit)),
      store_(config.store_data ? std::make_unique<MemoryStore>() : nullptr) {
  socket.register_b_transport(this, &DramTarget::b_transport);
  socket.register_transport_dbg(this, &DramTarget::transport_dbg);
}

void DramTarget::b_transport(tlm::tlm_generic_payload& payload, sc_core::sc_time& delay) {
  const tlm::tlm_command cmd = payload.get_command();
  if (cmd != tlm::TLM_READ_COMMAND && cmd != tlm::TLM_WRITE_COMMAND) {
    payload.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
    return;
  }
  const sc_core::sc_time start = sc_core::sc_time_stamp() + delay;
  const double start_ns = start.to_seconds() * 1e9;
  const bool write = cmd == tlm::TLM_WRITE_COMMAND;
  const DramGather* gather = payload.get_extension<DramGather>();
  const double end_ns = gather ? backend_->accessRuns(gather->runs, gather->count, write, start_ns)
                               : backend_->access(payload.get_address(), payload.get_data_length(), write, start_ns);
  copyData(payload);
  if (end_ns > start_ns) delay += sc_core::sc_time(end_ns - start_ns, sc_core::SC_NS);
  payload.set_response_status(tlm::TLM_OK_RESPONSE);
}

unsigned int DramTarget::transport_dbg(tlm::tlm_generic_payload& payload) {
  copyData(payload);
  return store_ ? payload.get_data_length() : 0;
}

void DramTarget::copyData(tlm::tlm_generic_payload& payload) {
  unsigned char* data = payload.get_data_ptr();
  if (!store_ || data == nullptr) return;
  const bool write = payload.get_command() == tlm::TLM_WRITE_COMMAND;
  if (!write && payload.get_command() != tlm::TLM_READ_COMMAND) return;
  const DramGather* gather = payload.get_extension<DramGather>();
  const DramRun whole{payload.get_address(), payload.get_data_length()};
  const DramRun* runs = gather ? gather->runs : &whole;
  for (size_t i = 0, n = gather ? gather->count : 1; i < n; data += runs[i].bytes, ++i)
    write ? store_->write(runs[i].addr, data, runs[i].bytes) : store_->read(runs[i].addr, data, runs[i].bytes);
}

}  // namespace vpsim
