// The header compiles as C++17 (with -Wall -Werror) and its API is usable from C++ as written:
// RAII owners over the C handles, enum constants passed where uint32_t is taken.
#include "devprobe.h"

#include <memory>
#include <string>

namespace {

struct ConsentFree {
  void operator()(DevprobeConsent *c) const { devprobe_consent_free(c); }
};
struct CollectorFree {
  void operator()(DevprobeCollector *c) const { devprobe_collector_free(c); }
};
struct StringFree {
  void operator()(char *s) const { devprobe_string_free(s); }
};

// The report JSON, or an empty string with the error in `error`.
[[maybe_unused]] std::string report_once(std::string &error) {
  DevprobeConsent *raw_consent = nullptr;
  if (devprobe_consent_new(&raw_consent) != DEVPROBE_ERROR_OK) return {};
  std::unique_ptr<DevprobeConsent, ConsentFree> consent(raw_consent);
  devprobe_consent_grant(consent.get(), DEVPROBE_PURPOSE_ALL, nullptr);

  DevprobeCollectorOptions options{};
  options.ip_precision = DEVPROBE_IP_PRECISION_TRUNCATED;
  DevprobeCollector *raw_collector = nullptr;
  if (devprobe_collector_new(consent.get(), &options, &raw_collector) != DEVPROBE_ERROR_OK) {
    return {};
  }
  std::unique_ptr<DevprobeCollector, CollectorFree> collector(raw_collector);
  DevprobeOrientation orientation{DEVPROBE_ORIENTATION_TYPE_LANDSCAPE_PRIMARY, 90};
  devprobe_collector_set_orientation(collector.get(), &orientation);

  char *raw_json = nullptr;
  DevprobeError err = devprobe_collector_collect(collector.get(), &raw_json);
  if (err != DEVPROBE_ERROR_OK) {
    error = std::string(devprobe_error_name(err)) + ": " + devprobe_last_error_message();
    return {};
  }
  std::unique_ptr<char, StringFree> json(raw_json);
  return json.get();
}

[[maybe_unused]] void on_change(const char *, void *) {}

[[maybe_unused]] DevprobeChangeCallback callback = on_change;
static_assert(sizeof(DevprobeOrientation) == 8, "two 32-bit members");
static_assert(DEVPROBE_ERROR_OK == 0, "success is 0");

}  // namespace
