/* The whole life of an embedding, as a C host does it: consent -> collect -> parse the JSON ->
 * explain -> withdraw -> collect fails with the consent error -> free everything. Run under
 * valgrind by CI: every string and handle is freed. */
#define _POSIX_C_SOURCE 200809L
#include <unistd.h>

#include "check.h"

/* The ID= value of the os-release file devprobe reads first (as os.id), or "" when none. */
static void os_release_id(char *out, size_t size) {
  const char *paths[] = {"/etc/os-release", "/usr/lib/os-release"};
  out[0] = '\0';
  for (size_t p = 0; p < sizeof paths / sizeof paths[0]; p++) {
    FILE *f = fopen(paths[p], "r");
    if (!f) continue;
    char line[256];
    while (fgets(line, sizeof line, f)) {
      if (strncmp(line, "ID=", 3) != 0) continue;
      char *v = line + 3;
      v[strcspn(v, "\r\n")] = '\0';
      if (*v == '"' || *v == '\'') {
        v++;
        v[strcspn(v, "\"'")] = '\0';
      }
      snprintf(out, size, "%s", v);
      break;
    }
    fclose(f);
    return;
  }
}

int main(void) {
  alarm(60); /* a hang fails the test instead of blocking CI */
  CHECK(strcmp(devprobe_version(), "") != 0);

  DevprobeConsent *consent = NULL;
  OK(devprobe_consent_new(&consent));
  CHECK(consent != NULL);

  DevprobeConsentStatus status;
  uint32_t granted = 99;
  OK(devprobe_consent_status(consent, &status, &granted));
  CHECK(status == DEVPROBE_CONSENT_STATUS_NOT_ASKED && granted == 0);

  DevprobeCollectorOptions options = {0};
  options.ip_precision = DEVPROBE_IP_PRECISION_OMIT;
  options.deadline_ms = 2000; /* valgrind is slow */
  DevprobeCollector *collector = NULL;
  OK(devprobe_collector_new(consent, &options, &collector));

  /* Before consent nothing is read. */
  char *report = (char *)"sentinel";
  EXPECT(devprobe_collector_collect(collector, &report), DEVPROBE_ERROR_CONSENT_REQUIRED);
  CHECK(report == NULL);
  CHECK(strstr(devprobe_last_error_message(), "consent required") != NULL);

  char *grant = NULL;
  OK(devprobe_consent_grant(consent,
                            DEVPROBE_PURPOSE_COMPATIBILITY | DEVPROBE_PURPOSE_SERVER_SELECTION |
                                DEVPROBE_PURPOSE_CONNECTIVITY,
                            &grant));
  CHECK(strstr(grant, "\"purposes\":[\"compatibility\",\"server_selection\",\"connectivity\"]"));
  CHECK(strstr(grant, "\"catalog_version\":2"));
  CHECK(strstr(grant, "\"subject\":{\"kind\":\"adult\"}"));
  OK(devprobe_consent_status(consent, &status, &granted));
  CHECK(status == DEVPROBE_CONSENT_STATUS_GRANTED);
  CHECK(granted == (DEVPROBE_PURPOSE_COMPATIBILITY | DEVPROBE_PURPOSE_SERVER_SELECTION |
                    DEVPROBE_PURPOSE_CONNECTIVITY));

  /* A pushed network shows in the report (connectivity is granted). */
  DevprobeNetwork network = {0};
  network.connection_type = DEVPROBE_CONNECTION_TYPE_CELL;
  network.connection_subtype = "nr";
  network.vpn = DEVPROBE_OPTIONAL_BOOL_FALSE;
  OK(devprobe_collector_set_network(collector, &network));

  OK(devprobe_collector_collect(collector, &report));
  CHECK(report != NULL);
  CHECK(strncmp(report, "{\"schema_version\":2,", 20) == 0);
#ifdef __linux__
  CHECK(strstr(report, "\"platform\":\"linux\""));
  char id[64];
  os_release_id(id, sizeof id);
  if (id[0]) {
    char want[96];
    snprintf(want, sizeof want, "\"id\":\"%s\"", id);
    CHECK(strstr(report, want));
  }
#endif
  CHECK(strstr(report, "\"connection_subtype\":\"nr\""));
  /* IP precision omit: the scope is there, never an address. */
  CHECK(strstr(report, "\"address\"") == NULL);
  /* Orientation was not granted: listed as not permitted, never read. */
  CHECK(strstr(report, "{\"field\":\"screen.orientation\",\"reason\":\"not_permitted\"}"));

  char *text = NULL;
  OK(devprobe_explain(report, DEVPROBE_LANG_EN, &text));
  CHECK(strstr(text, "Video orientation") != NULL);
  devprobe_string_free(text);
  OK(devprobe_explain(report, DEVPROBE_LANG_ZH_CN, &text));
  CHECK(strlen(text) > 0);
  devprobe_string_free(text);
  EXPECT(devprobe_explain("{\"not\":\"a report\"}", DEVPROBE_LANG_EN, &text),
         DEVPROBE_ERROR_INVALID_ARGUMENT);
  EXPECT(devprobe_explain(report, 7, &text), DEVPROBE_ERROR_INVALID_ARGUMENT);
  CHECK(text == NULL);
  devprobe_string_free(report);

  /* A restart: a second consent handle restores the stored grant. */
  DevprobeConsent *restored = NULL;
  OK(devprobe_consent_new(&restored));
  OK(devprobe_consent_restore(restored, grant));
  OK(devprobe_consent_status(restored, &status, &granted));
  CHECK(status == DEVPROBE_CONSENT_STATUS_GRANTED && granted == 7);
  devprobe_consent_free(restored);
  devprobe_string_free(grant);

  char *receipt = NULL;
  OK(devprobe_consent_withdraw(consent, &receipt));
  CHECK(strstr(receipt, "\"purposes\":[\"compatibility\",\"server_selection\",\"connectivity\"]"));
  CHECK(strstr(receipt, "\"withdrawn_at\":\""));
  devprobe_string_free(receipt);
  OK(devprobe_consent_status(consent, &status, &granted));
  CHECK(status == DEVPROBE_CONSENT_STATUS_WITHDRAWN && granted == 0);

  EXPECT(devprobe_collector_collect(collector, &report), DEVPROBE_ERROR_CONSENT_REQUIRED);
  CHECK(report == NULL);

  /* The consent may go first: the collector holds its own reference. */
  devprobe_consent_free(consent);
  EXPECT(devprobe_collector_collect(collector, &report), DEVPROBE_ERROR_CONSENT_REQUIRED);
  devprobe_collector_free(collector);
  printf("flow: ok\n");
  return 0;
}
