// The SystemC PeArray in both fidelities, side by side in one elaboration: every tile gives the
// same values and the same cycle count, and simulated time advances by cycles * clock period.
// Each TEST elaborates, so each must run in its own process (ctest does that).
#include <gtest/gtest.h>

#include <tlm_utils/simple_initiator_socket.h>

#include "pe/array_timing.h"
#include "pe/pe_array.h"
#include "tests/pe/pe_test_util.h"

namespace vpsim {
using namespace testing_pe;

namespace {

// Drives the same tiles into a tile-fidelity and a cycle-fidelity array and records what happened.
class TwinDriver : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<TwinDriver> to_tile{"to_tile"}, to_cycle{"to_cycle"};
  std::vector<TileData> tiles;
  std::vector<TileResult> tile_results, cycle_results;
  std::vector<sc_core::sc_time> tile_time, cycle_time;

  explicit TwinDriver(const sc_core::sc_module_name& n) : sc_module(n) {
    sc_core::sc_spawn([this] { drive(); }, "drive");
  }

  static TileResult send(tlm_utils::simple_initiator_socket<TwinDriver>& s, const TileData& t, sc_core::sc_time& d) {
    TileJob job{t, {}};
    tlm::tlm_generic_payload p;
    p.set_command(tlm::TLM_WRITE_COMMAND);
    p.set_data_ptr(reinterpret_cast<unsigned char*>(&job));
    p.set_data_length(sizeof(TileJob));
    s->b_transport(p, d);
    EXPECT_EQ(p.get_response_status(), tlm::TLM_OK_RESPONSE);
    return job.result;
  }

  void drive() {
    for (const auto& t : tiles) {
      sc_core::sc_time d = sc_core::SC_ZERO_TIME, t0 = sc_core::sc_time_stamp();
      tile_results.push_back(send(to_tile, t, d));
      wait(d);  // loosely timed: the initiator consumes the annotated latency
      tile_time.push_back(sc_core::sc_time_stamp() - t0);
      t0 = sc_core::sc_time_stamp(), d = sc_core::SC_ZERO_TIME;
      cycle_results.push_back(send(to_cycle, t, d));
      cycle_time.push_back(sc_core::sc_time_stamp() - t0 + d);
    }
    sc_core::sc_stop();
  }
};

TileData randomTile(std::mt19937_64& rng, TileShape sh, TileFormat f) {
  TileData t;
  t.shape = sh, t.format = f;
  t.x = randomOperands(rng, size_t(sh.m * sh.k), f.bits1, f.signed1);
  t.s = randomOperands(rng, size_t(sh.k * sh.n), f.bits0, f.signed0);
  return t;
}

void runTwins(const char* pe_name, Dataflow df) {
  PeArrayConfig cfg;
  cfg.array = ArrayConfig{4, 3, pe_name, df};
  cfg.pe = peConfigByName(pe_name);
  PeArrayConfig cyc = cfg;
  cyc.fidelity = Fidelity::Cycle;
  PeArray tile_array("tile_array", cfg), cycle_array("cycle_array", cyc);
  TwinDriver drv("driver");
  drv.to_tile.bind(tile_array.socket);
  drv.to_cycle.bind(cycle_array.socket);
  std::mt19937_64 rng(11);
  drv.tiles = {randomTile(rng, {9, 5, 33}, {8, 8, true, true}), randomTile(rng, {2, 7, 70}, {2, 2, true, false}),
               randomTile(rng, {5, 3, 12}, {4, 3, false, true}), randomTile(rng, {1, 1, 1}, {5, 6, true, true})};
  sc_core::sc_start();
  ASSERT_EQ(drv.cycle_results.size(), drv.tiles.size());
  for (size_t i = 0; i < drv.tiles.size(); ++i) {
    const auto& t = drv.tiles[i];
    EXPECT_EQ(drv.tile_results[i].c, drv.cycle_results[i].c) << i;
    EXPECT_EQ(drv.tile_results[i].cycles, drv.cycle_results[i].cycles) << i;
    EXPECT_EQ(drv.tile_results[i].cycles,
              tileTiming(cfg.array, cfg.pe, t.shape, t.format.bits0, t.format.bits1).cycles);
    EXPECT_EQ(drv.tile_results[i].actions, drv.cycle_results[i].actions) << i;
    EXPECT_EQ(drv.tile_time[i], cfg.clock_period * double(drv.tile_results[i].cycles)) << i;
    EXPECT_EQ(drv.cycle_time[i], drv.tile_time[i]) << i;
  }
  EXPECT_EQ(tile_array.tiles(), 4u);
  EXPECT_EQ(cycle_array.busyCycles(), tile_array.busyCycles());
  EXPECT_EQ(cycle_array.actions(), tile_array.actions());
}

}  // namespace

TEST(PeArraySc, BitFusionWeightStationaryBothFidelitiesAgree) { runTwins("bitfusion", Dataflow::WeightStationary); }
TEST(PeArraySc, StripesOutputStationaryBothFidelitiesAgree) { runTwins("stripes", Dataflow::OutputStationary); }

}  // namespace vpsim
