package io.hmrec.app;

import io.hmrec.app.query.RecommendationQueryService;
import java.util.Map;

/** Opens a {@link TopologyFixture} for tests in other packages. */
public final class TopologyFixtures {
    private TopologyFixtures() {}

    /** A fixture handle exposing what tests outside this package need. */
    public static final class Handle implements AutoCloseable {
        private final TopologyFixture f;

        Handle(TopologyFixture f) {
            this.f = f;
        }

        public void buy(String customer, String article, String isoDate) {
            f.buy(customer, article, isoDate);
        }

        public void tick() {
            f.tick();
        }

        public RecommendationQueryService queries() {
            return f.queries;
        }

        @Override
        public void close() throws java.io.IOException {
            f.close();
        }
    }

    public static Handle open(Map<String, String> overrides) throws Exception {
        return new Handle(new TopologyFixture(overrides));
    }
}
