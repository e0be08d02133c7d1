package io.hmrec.core.model;

/**
 * Age buckets used for age-dependent popularity; the same cut points as the hm-stats tables
 * (under_20, 20_to_29, ..., 60_plus, unknown). Buckets are small ints so they key stores cheaply.
 */
public final class AgeBucket {
    /** Bucket of a customer whose age is missing. */
    public static final int UNKNOWN = 0;
    /** Pseudo-bucket meaning "all customers" in popularity lookups. */
    public static final int ALL = -1;
    /** Number of real buckets, {@link #UNKNOWN} included: ids 0..COUNT-1. */
    public static final int COUNT = 7;

    private static final String[] NAMES = {"unknown", "under_20", "20_to_29", "30_to_39", "40_to_49", "50_to_59", "60_plus"};

    private AgeBucket() {}

    /** Bucket of an age in years; null or non-positive means unknown. */
    public static int of(Integer age) {
        if (age == null || age <= 0) {
            return UNKNOWN;
        }
        if (age < 20) {
            return 1;
        }
        if (age >= 60) {
            return 6;
        }
        return 2 + (age - 20) / 10;
    }

    /** Name of a bucket as the hm-stats tables write it. */
    public static String name(int bucket) {
        if (bucket == ALL) {
            return "all";
        }
        if (bucket < 0 || bucket >= COUNT) {
            throw new IllegalArgumentException("no age bucket " + bucket);
        }
        return NAMES[bucket];
    }

    /** Bucket id of a name written by {@link #name(int)}. */
    public static int parse(String name) {
        if ("all".equals(name)) {
            return ALL;
        }
        for (int i = 0; i < COUNT; i++) {
            if (NAMES[i].equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown age bucket '" + name + "'; expected one of all, " + String.join(", ", NAMES));
    }
}
