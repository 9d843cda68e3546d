package io.syncmeter.site.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.syncmeter.site.SiteSettings;
import io.syncmeter.site.SitesConfig;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SiteSettingsResolverTest {

    private static final Function<String, String> NO_ENVIRONMENT = name -> null;

    private static final TestSite DC1 = TestSite.of("http://127.0.0.1:9001", "probes-dc1")
            .withAccessKey("ak1")
            .withSecretKey("sk1");
    private static final TestSite DC2 = TestSite.of("https://rgw.dc2.example:443", "probes-dc2")
            .withAccessKey("ak2")
            .withSecretKey("sk2");

    @Test
    void shouldResolveTwoSitesWithDirectCredentialsInNameOrder() {
        Map<String, SitesConfig.Site> sites = new LinkedHashMap<>();
        sites.put("dc2", DC2.withRegion("eu-west-1").withCreateBucket(true));
        sites.put("dc1", DC1);

        List<SiteSettings> resolved = new SiteSettingsResolver(NO_ENVIRONMENT).resolve(sites);

        assertThat(resolved)
                .containsExactly(
                        new SiteSettings(
                                "dc1",
                                Optional.of(URI.create("http://127.0.0.1:9001")),
                                "us-east-1",
                                "probes-dc1",
                                true,
                                false,
                                Optional.of(new SiteSettings.Credentials("ak1", "sk1"))),
                        new SiteSettings(
                                "dc2",
                                Optional.of(URI.create("https://rgw.dc2.example:443")),
                                "eu-west-1",
                                "probes-dc2",
                                true,
                                true,
                                Optional.of(new SiteSettings.Credentials("ak2", "sk2"))));
    }

    @Test
    void shouldReadCredentialsFromTheNamedEnvironmentVariables() {
        Map<String, String> env = Map.of("DC1_ACCESS", "env-ak", "DC1_SECRET", "env-sk");
        TestSite dc1 = TestSite.of("http://127.0.0.1:9001", "probes-dc1")
                .withAccessKeyEnv("DC1_ACCESS")
                .withSecretKeyEnv("DC1_SECRET");

        List<SiteSettings> resolved = new SiteSettingsResolver(env::get).resolve(Map.of("dc1", dc1, "dc2", DC2));

        assertThat(resolved.get(0).name()).isEqualTo("dc1");
        assertThat(resolved.get(0).credentials()).contains(new SiteSettings.Credentials("env-ak", "env-sk"));
    }

    @Test
    void shouldUseTheDefaultCredentialChainWhenNoKeyIsConfigured() {
        TestSite dc1 = TestSite.of("http://127.0.0.1:9001", "probes-dc1");

        List<SiteSettings> resolved = new SiteSettingsResolver(NO_ENVIRONMENT).resolve(Map.of("dc1", dc1, "dc2", DC2));

        assertThat(resolved.get(0).credentials()).isEmpty();
    }

    @Test
    void shouldAcceptASiteWithoutEndpointAsAws() {
        List<SiteSettings> resolved =
                new SiteSettingsResolver(NO_ENVIRONMENT).resolve(Map.of("aws", DC1.withEndpoint(null), "dc2", DC2));

        assertThat(resolved.get(0).endpoint()).isEmpty();
    }

    @Test
    void shouldNotPrintTheSecretKeyInCredentialsToString() {
        assertThat(new SiteSettings.Credentials("ak", "very-secret").toString())
                .contains("ak")
                .doesNotContain("very-secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"DC1", "dc_1", "-dc1", "dc1-", "a-site-name-that-is-longer-than-32x"})
    void shouldNameTheKeyWhenSiteNameIsNotALowerCaseDnsLabel(String name) {
        List<String> problems = problemsOf(Map.of(name, DC1, "dc2", DC2));

        assertThat(problems).singleElement().asString().startsWith("syncmeter.sites." + name + ": site name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://x", "file:///tmp/s3", "s3://bucket", "localhost:9000"})
    void shouldNameTheKeyWhenEndpointIsNotHttp(String endpoint) {
        List<String> problems = problemsOf(Map.of("dc1", DC1.withEndpoint(endpoint), "dc2", DC2));

        assertThat(problems)
                .singleElement()
                .asString()
                .startsWith("syncmeter.sites.dc1.endpoint: ")
                .contains(endpoint)
                .contains("http");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http:///bucket", "http:opaque", "https://under_score:9000"})
    void shouldNameTheKeyWhenEndpointHasNoHost(String endpoint) {
        List<String> problems = problemsOf(Map.of("dc1", DC1, "dc2", DC2.withEndpoint(endpoint)));

        assertThat(problems).singleElement().asString().startsWith("syncmeter.sites.dc2.endpoint: ");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ab",
                "A",
                "Probes",
                "probes..dc1",
                "-probes",
                "probes-",
                "probes_dc1",
                "a-bucket-name-that-is-much-longer-than-sixty-three-characters-x-y-z"
            })
    void shouldNameTheKeyWhenBucketIsInvalid(String bucket) {
        List<String> problems = problemsOf(Map.of("dc1", DC1.withBucket(bucket), "dc2", DC2));

        assertThat(problems)
                .singleElement()
                .asString()
                .startsWith("syncmeter.sites.dc1.bucket: ")
                .contains("'" + bucket + "'");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"abc", "probes.dc1", "0-9", "a23456789012345678901234567890123456789012345678901234567890123"})
    void shouldAcceptValidBucketNames(String bucket) {
        List<SiteSettings> resolved =
                new SiteSettingsResolver(NO_ENVIRONMENT).resolve(Map.of("dc1", DC1.withBucket(bucket), "dc2", DC2));

        assertThat(resolved.get(0).bucket()).isEqualTo(bucket);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t"})
    void shouldNameTheKeyWhenRegionIsBlank(String region) {
        List<String> problems = problemsOf(Map.of("dc1", DC1, "dc2", DC2.withRegion(region)));

        assertThat(problems).singleElement().asString().startsWith("syncmeter.sites.dc2.region: ");
    }

    @Test
    void shouldNameTheSecretKeyWhenOnlyTheAccessKeyIsSet() {
        List<String> problems = problemsOf(Map.of("dc1", DC1.withSecretKey(null), "dc2", DC2));

        assertThat(problems)
                .singleElement()
                .asString()
                .startsWith("syncmeter.sites.dc1.secret-key: ")
                .contains("syncmeter.sites.dc1.access-key");
    }

    @Test
    void shouldNameTheAccessKeyWhenOnlyTheSecretKeyIsSet() {
        List<String> problems = problemsOf(Map.of("dc1", DC1.withAccessKey(null), "dc2", DC2));

        assertThat(problems)
                .singleElement()
                .asString()
                .startsWith("syncmeter.sites.dc1.access-key: ")
                .contains("syncmeter.sites.dc1.secret-key");
    }

    @Test
    void shouldNameTheKeyWhenAccessKeyIsSetBothDirectlyAndThroughTheEnvironment() {
        Map<String, String> env = Map.of("DC1_ACCESS", "env-ak");
        TestSite dc1 = DC1.withAccessKeyEnv("DC1_ACCESS");

        List<String> problems = problemsOf(env::get, Map.of("dc1", dc1, "dc2", DC2));

        assertThat(problems)
                .singleElement()
                .asString()
                .startsWith("syncmeter.sites.dc1.access-key: ")
                .contains("syncmeter.sites.dc1.access-key-env");
    }

    @Test
    void shouldNameTheKeyWhenSecretKeyIsSetBothDirectlyAndThroughTheEnvironment() {
        Map<String, String> env = Map.of("DC2_SECRET", "env-sk");
        TestSite dc2 = DC2.withSecretKeyEnv("DC2_SECRET");

        List<String> problems = problemsOf(env::get, Map.of("dc1", DC1, "dc2", dc2));

        assertThat(problems)
                .singleElement()
                .asString()
                .startsWith("syncmeter.sites.dc2.secret-key: ")
                .contains("syncmeter.sites.dc2.secret-key-env");
    }

    @Test
    void shouldNameTheKeyAndVariableWhenTheNamedEnvironmentVariableIsUnset() {
        Map<String, String> env = Map.of("DC1_SECRET", "env-sk");
        TestSite dc1 = TestSite.of("http://127.0.0.1:9001", "probes-dc1")
                .withAccessKeyEnv("DC1_ACCESS")
                .withSecretKeyEnv("DC1_SECRET");

        List<String> problems = problemsOf(env::get, Map.of("dc1", dc1, "dc2", DC2));

        assertThat(problems)
                .first()
                .asString()
                .startsWith("syncmeter.sites.dc1.access-key-env: ")
                .contains("DC1_ACCESS");
    }

    @Test
    void shouldTreatABlankEnvironmentVariableAsUnset() {
        Map<String, String> env = Map.of("DC1_ACCESS", "env-ak", "DC1_SECRET", "  ");
        TestSite dc1 = TestSite.of("http://127.0.0.1:9001", "probes-dc1")
                .withAccessKeyEnv("DC1_ACCESS")
                .withSecretKeyEnv("DC1_SECRET");

        List<String> problems = problemsOf(env::get, Map.of("dc1", dc1, "dc2", DC2));

        assertThat(problems)
                .anySatisfy(p -> assertThat(p)
                        .startsWith("syncmeter.sites.dc1.secret-key-env: ")
                        .contains("DC1_SECRET"));
    }

    @Test
    void shouldNameTheKeyWhenADirectKeyIsBlank() {
        List<String> problems = problemsOf(Map.of("dc1", DC1.withAccessKey(" "), "dc2", DC2));

        assertThat(problems).singleElement().asString().startsWith("syncmeter.sites.dc1.access-key: ");
    }

    @Test
    void shouldRefuseASingleSite() {
        List<String> problems = problemsOf(Map.of("dc1", DC1));

        assertThat(problems)
                .singleElement()
                .asString()
                .startsWith("syncmeter.sites: ")
                .contains("dc1")
                .contains("two");
    }

    @Test
    void shouldResolveASingleSiteWhenNothingReplicates() {
        List<SiteSettings> resolved = new SiteSettingsResolver(NO_ENVIRONMENT).resolve(Map.of("dc1", DC1), false);

        assertThat(resolved).extracting(SiteSettings::name).containsExactly("dc1");
        assertThatThrownBy(() -> new SiteSettingsResolver(NO_ENVIRONMENT).resolve(Map.of("dc1", DC1), true))
                .isInstanceOf(InvalidSiteConfigurationException.class)
                .hasMessageContaining("only one site (dc1)");
    }

    @Test
    void shouldReportEveryProblemOfEverySiteAtOnce() {
        Map<String, SitesConfig.Site> sites = Map.of(
                "dc1", DC1.withEndpoint("ftp://x").withBucket("ok-bucket"),
                "dc2", DC2.withBucket("A").withRegion(" ").withSecretKey(null),
                "Bad", DC1);

        InvalidSiteConfigurationException e = resolveFailure(NO_ENVIRONMENT, sites);

        assertThat(e.problems())
                .hasSize(5)
                .anySatisfy(p -> assertThat(p).startsWith("syncmeter.sites.Bad: "))
                .anySatisfy(p -> assertThat(p).startsWith("syncmeter.sites.dc1.endpoint: "))
                .anySatisfy(p -> assertThat(p).startsWith("syncmeter.sites.dc2.bucket: "))
                .anySatisfy(p -> assertThat(p).startsWith("syncmeter.sites.dc2.region: "))
                .anySatisfy(p -> assertThat(p).startsWith("syncmeter.sites.dc2.secret-key: "));
        assertThat(e.getMessage())
                .startsWith("Invalid site configuration:")
                .contains("syncmeter.sites.dc1.endpoint")
                .contains("syncmeter.sites.dc2.bucket")
                .contains("syncmeter.sites.dc2.region")
                .contains("syncmeter.sites.dc2.secret-key")
                .contains("syncmeter.sites.Bad");
    }

    @Test
    void shouldNeverPutASecretIntoAProblem() {
        Map<String, SitesConfig.Site> sites =
                Map.of("dc1", DC1.withSecretKey("top-secret-value").withAccessKeyEnv("X"), "dc2", DC2);

        InvalidSiteConfigurationException e = resolveFailure(name -> "env-value", sites);

        assertThat(e.getMessage()).doesNotContain("top-secret-value").doesNotContain("env-value");
    }

    private static List<String> problemsOf(Map<String, SitesConfig.Site> sites) {
        return problemsOf(NO_ENVIRONMENT, sites);
    }

    private static List<String> problemsOf(Function<String, String> env, Map<String, SitesConfig.Site> sites) {
        return resolveFailure(env, sites).problems();
    }

    private static InvalidSiteConfigurationException resolveFailure(
            Function<String, String> env, Map<String, SitesConfig.Site> sites) {
        InvalidSiteConfigurationException e = catchThrowableOfType(
                InvalidSiteConfigurationException.class, () -> new SiteSettingsResolver(env).resolve(sites));
        assertThat(e).as("resolving %s should fail", sites).isNotNull();
        return e;
    }
}
