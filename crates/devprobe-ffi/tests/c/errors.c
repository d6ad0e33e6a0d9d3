/* Bad input gives typed errors, never a crash: NULL pointers, unknown bits and enum values,
 * and every way a stored grant is refused (the consent state stays as it was). */
#define _POSIX_C_SOURCE 200809L
#include <unistd.h>

#include "check.h"

static void expect_refused(DevprobeConsent *consent, const char *stored, DevprobeError want) {
  EXPECT(devprobe_consent_restore(consent, stored), want);
  CHECK(strlen(devprobe_last_error_message()) > 0);
  DevprobeConsentStatus status;
  OK(devprobe_consent_status(consent, &status, NULL));
  CHECK(status == DEVPROBE_CONSENT_STATUS_NOT_ASKED);
}

int main(void) {
  alarm(60);
  /* NULL where a pointer is required. */
  EXPECT(devprobe_consent_new(NULL), DEVPROBE_ERROR_NULL_POINTER);
  CHECK(strcmp(devprobe_last_error_message(), "consent_out is NULL") == 0);
  EXPECT(devprobe_consent_grant(NULL, DEVPROBE_PURPOSE_ALL, NULL), DEVPROBE_ERROR_NULL_POINTER);
  EXPECT(devprobe_consent_restore(NULL, "{}"), DEVPROBE_ERROR_NULL_POINTER);
  EXPECT(devprobe_consent_withdraw(NULL, NULL), DEVPROBE_ERROR_NULL_POINTER);
  EXPECT(devprobe_collector_new(NULL, NULL, NULL), DEVPROBE_ERROR_NULL_POINTER);
  char *out = NULL;
  EXPECT(devprobe_collector_collect(NULL, &out), DEVPROBE_ERROR_NULL_POINTER);
  EXPECT(devprobe_collector_set_orientation(NULL, NULL), DEVPROBE_ERROR_NULL_POINTER);
  EXPECT(devprobe_collector_set_network_json(NULL, "{}"), DEVPROBE_ERROR_NULL_POINTER);
  EXPECT(devprobe_collector_subscribe(NULL, NULL, NULL, NULL, NULL), DEVPROBE_ERROR_NULL_POINTER);
  EXPECT(devprobe_explain(NULL, DEVPROBE_LANG_EN, &out), DEVPROBE_ERROR_NULL_POINTER);
  devprobe_consent_free(NULL);
  devprobe_collector_free(NULL);
  devprobe_unsubscribe(NULL);
  devprobe_string_free(NULL);

  DevprobeConsent *consent = NULL;
  OK(devprobe_consent_new(&consent));
  DevprobeConsentStatus status;
  EXPECT(devprobe_consent_status(consent, NULL, NULL), DEVPROBE_ERROR_NULL_POINTER);

  /* Restoring a bad grant: one typed error per refusal. */
  expect_refused(consent, "not json", DEVPROBE_ERROR_INVALID_GRANT);
  expect_refused(consent, "{\"purposes\":[\"compatibility\"]}", DEVPROBE_ERROR_INVALID_GRANT);
  expect_refused(consent,
                 "{\"purposes\":[\"compatibility\"],\"catalog_version\":1,"
                 "\"granted_at\":\"2026-01-01T00:00:00Z\",\"extra\":1}",
                 DEVPROBE_ERROR_INVALID_GRANT);
  expect_refused(consent,
                 "{\"purposes\":[\"compatibility\"],\"catalog_version\":0,"
                 "\"granted_at\":\"2026-01-01T00:00:00Z\"}",
                 DEVPROBE_ERROR_INVALID_GRANT);
  expect_refused(consent,
                 "{\"purposes\":[\"advertising\"],\"catalog_version\":1,"
                 "\"granted_at\":\"2026-01-01T00:00:00Z\"}",
                 DEVPROBE_ERROR_UNKNOWN_PURPOSE);
  expect_refused(consent,
                 "{\"purposes\":[\"compatibility\"],\"catalog_version\":99,"
                 "\"granted_at\":\"2026-01-01T00:00:00Z\"}",
                 DEVPROBE_ERROR_FUTURE_CATALOG);
  expect_refused(consent,
                 "{\"purposes\":[\"compatibility\"],\"catalog_version\":1,"
                 "\"subject\":{\"kind\":\"minor\",\"guardian_consent\":false},"
                 "\"granted_at\":\"2026-01-01T00:00:00Z\"}",
                 DEVPROBE_ERROR_GUARDIAN_CONSENT_REQUIRED);
  expect_refused(consent, "\xff\xfe", DEVPROBE_ERROR_INVALID_ARGUMENT);

  /* Grants: unknown bits and subjects are refused; a minor needs the guardian. */
  char *grant = (char *)"sentinel";
  EXPECT(devprobe_consent_grant(consent, 0x10, &grant), DEVPROBE_ERROR_INVALID_ARGUMENT);
  CHECK(grant == NULL);
  EXPECT(devprobe_consent_grant_for(consent, DEVPROBE_SUBJECT_MINOR_WITHOUT_GUARDIAN_CONSENT,
                                    DEVPROBE_PURPOSE_CONNECTIVITY, &grant),
         DEVPROBE_ERROR_GUARDIAN_CONSENT_REQUIRED);
  EXPECT(devprobe_consent_grant_for(consent, 3, DEVPROBE_PURPOSE_CONNECTIVITY, &grant),
         DEVPROBE_ERROR_INVALID_ARGUMENT);
  OK(devprobe_consent_status(consent, &status, NULL));
  CHECK(status == DEVPROBE_CONSENT_STATUS_NOT_ASKED);
  OK(devprobe_consent_grant_for(consent, DEVPROBE_SUBJECT_MINOR_WITH_GUARDIAN_CONSENT,
                                DEVPROBE_PURPOSE_CONNECTIVITY, &grant));
  CHECK(strstr(grant, "\"subject\":{\"kind\":\"minor\",\"guardian_consent\":true}"));
  devprobe_string_free(grant);

  /* Collector options and host pushes out of range. */
  DevprobeCollector *collector = NULL;
  DevprobeCollectorOptions options = {0};
  options.ip_precision = 3;
  EXPECT(devprobe_collector_new(consent, &options, &collector), DEVPROBE_ERROR_INVALID_ARGUMENT);
  CHECK(collector == NULL);
  OK(devprobe_collector_new(consent, NULL, &collector));
  DevprobeOrientation bad_turn = {DEVPROBE_ORIENTATION_TYPE_PORTRAIT_PRIMARY, 45};
  EXPECT(devprobe_collector_set_orientation(collector, &bad_turn), DEVPROBE_ERROR_INVALID_ARGUMENT);
  DevprobeOrientation bad_type = {9, 0};
  EXPECT(devprobe_collector_set_orientation(collector, &bad_type), DEVPROBE_ERROR_INVALID_ARGUMENT);
  EXPECT(devprobe_collector_set_orientation_json(collector, "{\"orientation\":\"sideways\"}"),
         DEVPROBE_ERROR_INVALID_ARGUMENT);
  EXPECT(devprobe_collector_set_android_rotation(collector, 4, false),
         DEVPROBE_ERROR_INVALID_ARGUMENT);
  EXPECT(devprobe_collector_set_ios_orientation(collector, 0), DEVPROBE_ERROR_INVALID_ARGUMENT);
  DevprobeNetwork bad_net = {0};
  bad_net.connection_subtype = "6g";
  EXPECT(devprobe_collector_set_network(collector, &bad_net), DEVPROBE_ERROR_INVALID_ARGUMENT);
  EXPECT(devprobe_collector_set_network_json(collector, "{\"type\":\"wifi\"}"),
         DEVPROBE_ERROR_INVALID_ARGUMENT);
  OK(devprobe_collector_set_network_json(collector, "{\"connection_type\":\"wifi\",\"vpn\":true}"));

  /* Subscribing needs a watched purpose (connectivity is granted) and a callback. */
  DevprobeSubscription *sub = NULL;
  EXPECT(devprobe_collector_subscribe(collector, NULL, NULL, NULL, &sub),
         DEVPROBE_ERROR_NULL_POINTER);
  CHECK(sub == NULL);

  devprobe_collector_free(collector);
  devprobe_consent_free(consent);
  printf("errors: ok\n");
  return 0;
}
