package io.hmrec.testsupport;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension injecting a {@link TestServices} parameter. The services start once per test JVM (kept in the
 * root context's store, not in a static field) and stop when the whole run ends. Use with
 * {@code @ExtendWith(TestServicesExtension.class)} and a {@code TestServices} parameter in {@code @BeforeAll},
 * a constructor or a test method. Tests share the services, so each test uses its own topics and group ids.
 */
public final class TestServicesExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestServicesExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestServices.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return extensionContext.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Holder.class, k -> new Holder(TestServices.start()), Holder.class)
                .services;
    }

    /** Closes the services when JUnit closes the root store at the end of the run. */
    private record Holder(TestServices services) implements ExtensionContext.Store.CloseableResource {
        Holder {
            System.out.println("[hmrec] integration services: " + services.description());
        }

        @Override
        public void close() {
            services.close();
        }
    }
}
