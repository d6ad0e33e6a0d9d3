/* Subscriptions from C: pushed orientations arrive on the watcher thread; a callback may
 * unsubscribe its own subscription without deadlock; withdrawal ends a subscription with a
 * last NULL call; every destructor runs exactly once. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

typedef struct {
  pthread_mutex_t lock;
  pthread_cond_t changed;
  int calls;         /* non-NULL calls */
  int ended;         /* NULL calls */
  int destroyed;     /* destructor runs */
  int unsubscribe_self; /* unsubscribe from inside the first call */
  DevprobeSubscription *handle;
  pthread_t caller;  /* the thread that subscribed */
  int on_caller_thread; /* callbacks seen on the caller's thread (must stay 0) */
  char last[1024];
} Sink;

static void sink_init(Sink *s, int unsubscribe_self) {
  memset(s, 0, sizeof *s);
  pthread_mutex_init(&s->lock, NULL);
  pthread_cond_init(&s->changed, NULL);
  s->unsubscribe_self = unsubscribe_self;
  s->caller = pthread_self();
}

static void on_change(const char *change_json, void *user_data) {
  Sink *s = user_data;
  DevprobeSubscription *self_handle = NULL;
  pthread_mutex_lock(&s->lock);
  if (pthread_equal(pthread_self(), s->caller)) s->on_caller_thread++;
  if (change_json == NULL) {
    s->ended++;
  } else {
    s->calls++;
    snprintf(s->last, sizeof s->last, "%s", change_json);
    if (s->unsubscribe_self && s->handle) {
      self_handle = s->handle;
      s->handle = NULL;
    }
  }
  pthread_cond_broadcast(&s->changed);
  pthread_mutex_unlock(&s->lock);
  /* The rule under test: unsubscribing from inside the own callback returns at once. */
  if (self_handle) devprobe_unsubscribe(self_handle);
}

static void on_destroy(void *user_data) {
  Sink *s = user_data;
  pthread_mutex_lock(&s->lock);
  s->destroyed++;
  pthread_cond_broadcast(&s->changed);
  pthread_mutex_unlock(&s->lock);
}

/* Waits until *counter >= want (10 s at most, valgrind is slow); returns the count. */
static int wait_for(Sink *s, const int *counter, int want) {
  struct timespec until;
  clock_gettime(CLOCK_REALTIME, &until);
  until.tv_sec += 10;
  pthread_mutex_lock(&s->lock);
  while (*counter < want) {
    if (pthread_cond_timedwait(&s->changed, &s->lock, &until) != 0) break;
  }
  int got = *counter;
  pthread_mutex_unlock(&s->lock);
  return got;
}

static int read_count(Sink *s, const int *counter) {
  pthread_mutex_lock(&s->lock);
  int got = *counter;
  pthread_mutex_unlock(&s->lock);
  return got;
}

int main(void) {
  alarm(120);
  DevprobeConsent *consent = NULL;
  OK(devprobe_consent_new(&consent));
  DevprobeCollector *collector = NULL;
  OK(devprobe_collector_new(consent, NULL, &collector));

  Sink a, b;
  sink_init(&a, 0);
  sink_init(&b, 1);
  DevprobeSubscription *sub_a = NULL;
  /* Nothing watched is granted yet: refused, and the destructor is not called. */
  EXPECT(devprobe_collector_subscribe(collector, on_change, &a, on_destroy, &sub_a),
         DEVPROBE_ERROR_CONSENT_REQUIRED);
  CHECK(sub_a == NULL && a.destroyed == 0);

  OK(devprobe_consent_grant(consent, DEVPROBE_PURPOSE_VIDEO_ORIENTATION, NULL));
  OK(devprobe_collector_subscribe(collector, on_change, &a, on_destroy, &sub_a));
  CHECK(sub_a != NULL);

  /* A pushed orientation (C struct) reaches the callback. */
  DevprobeOrientation turned = {DEVPROBE_ORIENTATION_TYPE_LANDSCAPE_PRIMARY, 90};
  OK(devprobe_collector_set_orientation(collector, &turned));
  CHECK(wait_for(&a, &a.calls, 1) == 1);
  pthread_mutex_lock(&a.lock);
  CHECK(strstr(a.last, "\"screen\":{\"orientation\":\"landscape_primary\",\"rotation_degrees\":90,"
                       "\"source\":\"host\"}"));
  CHECK(strstr(a.last, "\"changed\":[\"screen.orientation\",\"screen.rotation_degrees\"]"));
  pthread_mutex_unlock(&a.lock);

  /* The JSON variant. */
  OK(devprobe_collector_set_orientation_json(
      collector, "{\"orientation\":\"portrait_secondary\",\"rotation_degrees\":180}"));
  CHECK(wait_for(&a, &a.calls, 2) == 2);
  pthread_mutex_lock(&a.lock);
  CHECK(strstr(a.last, "\"orientation\":\"portrait_secondary\",\"rotation_degrees\":180"));
  pthread_mutex_unlock(&a.lock);

  /* B unsubscribes itself from inside its first callback. */
  DevprobeSubscription *sub_b = NULL;
  OK(devprobe_collector_subscribe(collector, on_change, &b, on_destroy, &sub_b));
  pthread_mutex_lock(&b.lock);
  b.handle = sub_b;
  pthread_mutex_unlock(&b.lock);
  OK(devprobe_collector_set_android_rotation(collector, 3, false)); /* phone turned right */
  CHECK(wait_for(&b, &b.destroyed, 1) == 1);
  CHECK(read_count(&b, &b.calls) == 1);
  CHECK(strstr(b.last, "\"orientation\":\"landscape_secondary\",\"rotation_degrees\":270"));
  CHECK(wait_for(&a, &a.calls, 3) == 3);

  /* Later pushes reach A only. */
  OK(devprobe_collector_set_ios_orientation(collector, 1)); /* .portrait */
  CHECK(wait_for(&a, &a.calls, 4) == 4);
  pthread_mutex_lock(&a.lock);
  CHECK(strstr(a.last, "\"orientation\":\"portrait_primary\",\"rotation_degrees\":0"));
  pthread_mutex_unlock(&a.lock);
  CHECK(read_count(&b, &b.calls) == 1 && read_count(&b, &b.destroyed) == 1);

  /* Withdrawal ends A with one NULL call; the destructor waits for the unsubscribe. */
  OK(devprobe_consent_withdraw(consent, NULL));
  CHECK(wait_for(&a, &a.ended, 1) == 1);
  CHECK(read_count(&a, &a.destroyed) == 0);
  devprobe_unsubscribe(sub_a);
  CHECK(read_count(&a, &a.destroyed) == 1);
  CHECK(read_count(&a, &a.ended) == 1 && read_count(&a, &a.calls) == 4);
  CHECK(a.on_caller_thread == 0 && b.on_caller_thread == 0);

  devprobe_collector_free(collector);
  devprobe_consent_free(consent);
  pthread_mutex_destroy(&a.lock);
  pthread_cond_destroy(&a.changed);
  pthread_mutex_destroy(&b.lock);
  pthread_cond_destroy(&b.changed);
  printf("subscribe: ok\n");
  return 0;
}
