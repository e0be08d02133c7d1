package io.hmrec.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark program (not a test): starts the embedded broker and the Apicurio registry {@code rounds} times each,
 * one after the other, and prints their start times, then the two side by side as {@link EmbeddedServices} does.
 * Run: {@code java -cp <test classpath> io.hmrec.testsupport.StartupTimes 3}.
 */
public final class StartupTimes {
    private StartupTimes() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        List<Long> broker = new ArrayList<>();
        List<Long> registry = new ArrayList<>();
        List<Long> both = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
                broker.add(kafka.startupTime().toMillis());
            }
            try (ApicurioRegistry apicurio = ApicurioRegistry.start()) {
                registry.add(apicurio.startupTime().toMillis());
            }
            try (EmbeddedServices services = EmbeddedServices.start()) {
                both.add(services.startupTime().toMillis());
            }
        }
        System.out.printf("broker  start ms: %s (median %d)%n", broker, median(broker));
        System.out.printf("registry ready ms: %s (median %d)%n", registry, median(registry));
        System.out.printf("both (parallel) ms: %s (median %d); sequential baseline = broker + registry = %d ms, ratio %.2f%n",
                both, median(both), median(broker) + median(registry),
                (double) median(both) / (median(broker) + median(registry)));
        System.out.println("cpus=" + Runtime.getRuntime().availableProcessors() + " timeout=" + Duration.ofMinutes(2));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
