package io.hmrec.core.model;

import java.time.LocalDate;

/** Event-time day arithmetic. hmrec measures time in epoch days because the data has day resolution. */
public final class Days {
    private Days() {}

    public static int of(LocalDate date) {
        return Math.toIntExact(date.toEpochDay());
    }

    public static int parse(String isoDate) {
        return of(LocalDate.parse(isoDate));
    }

    public static LocalDate date(int epochDay) {
        return LocalDate.ofEpochDay(epochDay);
    }

    /** Epoch millis at midnight UTC of an epoch day: the Kafka record timestamp of events of that day. */
    public static long toEpochMillis(int epochDay) {
        return epochDay * 86_400_000L;
    }

    /** Epoch day of an epoch-millis timestamp (UTC). */
    public static int fromEpochMillis(long millis) {
        return Math.toIntExact(Math.floorDiv(millis, 86_400_000L));
    }
}
