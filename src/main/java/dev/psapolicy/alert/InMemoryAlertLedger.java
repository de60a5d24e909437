package dev.psapolicy.alert;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** An {@link AlertLedger} in memory: forgets everything when the process ends. */
public final class InMemoryAlertLedger implements AlertLedger {
  private final Map<Entry, Instant> sent = new ConcurrentHashMap<>();

  @Override
  public boolean sent(Entry entry) {
    return sent.containsKey(entry);
  }

  @Override
  public void markSent(Entry entry, Instant at) {
    sent.put(entry, at);
  }

  @Override
  public Set<Entry> entries(String instance) {
    return sent.keySet().stream()
        .filter(e -> e.instance().equals(instance))
        .collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public void forget(Collection<Entry> entries) {
    entries.forEach(sent::remove);
  }
}
