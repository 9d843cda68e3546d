package io.syncmeter;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layout rules of the design, kept by the build: features are packages under {@code
 * io.syncmeter}; a feature's {@code internal} package is its own; the ground floor ({@code site},
 * {@code metrics}, {@code rejected}, {@code process}, {@code changes}) uses no feature; {@code api} and the entry point sit on top and
 * are used by nobody; features do not depend on each other in cycles.
 */
class ArchitectureTest {

    private static final String ROOT = "io.syncmeter";
    private static final Pattern FEATURE = Pattern.compile("^io\\.syncmeter\\.([a-z0-9]+)(\\..*)?$");
    private static final Pattern INTERNAL = Pattern.compile("^io\\.syncmeter\\.([a-z0-9]+)\\.internal(\\..*)?$");

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void shouldKeepEachFeaturesInternalPackageToItself() {
        noClasses().should(useAnotherFeaturesInternals()).check(classes);
    }

    @Test
    void shouldKeepTheGroundFloorFreeOfFeatures() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.syncmeter.site..",
                        "io.syncmeter.metrics..",
                        "io.syncmeter.rejected..",
                        "io.syncmeter.process..",
                        "io.syncmeter.changes..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.syncmeter.probe..",
                        "io.syncmeter.collector..",
                        "io.syncmeter.sync..",
                        "io.syncmeter.sla..",
                        "io.syncmeter.lifecycle..",
                        "io.syncmeter.bench..",
                        "io.syncmeter.rgw..",
                        "io.syncmeter.embedded..",
                        "io.syncmeter.api..")
                .check(classes);
    }

    @Test
    void shouldLetNobodyUseTheApiLayer() {
        noClasses()
                .that()
                .resideOutsideOfPackages("io.syncmeter.api..")
                .and()
                .resideOutsideOfPackage(ROOT)
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.syncmeter.api..")
                .check(classes);
    }

    @Test
    void shouldKeepFeaturesFreeOfCycles() {
        slices().matching("io.syncmeter.(*)..").should().beFreeOfCycles().check(classes);
    }

    private static ArchCondition<JavaClass> useAnotherFeaturesInternals() {
        return new ArchCondition<>("use another feature's internal package") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                Optional<String> own = feature(origin.getPackageName());
                for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                    Matcher m = INTERNAL.matcher(d.getTargetClass().getPackageName());
                    if (m.matches() && !own.equals(Optional.of(m.group(1)))) {
                        events.add(SimpleConditionEvent.satisfied(origin, d.getDescription()));
                    }
                }
            }
        };
    }

    private static Optional<String> feature(String packageName) {
        Matcher m = FEATURE.matcher(packageName);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
