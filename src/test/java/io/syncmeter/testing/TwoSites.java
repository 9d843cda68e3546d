package io.syncmeter.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.syncmeter.embedded.internal.InProcessS3Site;
import io.syncmeter.embedded.internal.KafkaChangeNotifier;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Test infrastructure: a real in-process Kafka broker (KRaft) and two real in-process S3 sites,
 * {@code dc1} and {@code dc2}, on free loopback ports, configured into the application as external
 * Kafka and external sites (so the embedded default stays off). With the init argument {@code
 * notifications=true} the sites publish S3 event notifications to {@code syncmeter.changes}, like a
 * backend with bucket notifications. Inject a {@link Infra} into a test field with {@link
 * InjectInfra}.
 */
public class TwoSites implements QuarkusTestResourceLifecycleManager {

    public static final String BUCKET = "syncmeter-test";
    public static final String ACCESS_KEY = "test-access";
    public static final String SECRET_KEY = "test-secret";
    public static final List<String> SITES = List.of("dc1", "dc2");

    /** Marks a test field of type {@link Infra} to receive the running infrastructure. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectInfra {}

    /** What a test can reach directly: the broker address and a client per site. */
    public record Infra(String bootstrapServers, Map<String, URI> endpoints, Map<String, S3Client> clients) {
        public S3Client s3(String site) {
            return clients.get(site);
        }
    }

    private final TestKafka kafka = new TestKafka();
    private final Map<String, InProcessS3Site> sites = new HashMap<>();
    private final Map<String, KafkaChangeNotifier> notifiers = new HashMap<>();
    private Infra infra;
    private boolean notifications;

    @Override
    public void init(Map<String, String> initArgs) {
        notifications = Boolean.parseBoolean(initArgs.getOrDefault("notifications", "false"));
    }

    @Override
    public Map<String, String> start() {
        try {
            String bootstrap = kafka.start();
            Map<String, String> config = new HashMap<>();
            config.put("kafka.bootstrap.servers", bootstrap);
            // tests count the engine's work: no full sync unless a test asks for one
            config.put("syncmeter.sync.resync.on-start", "false");
            Map<String, URI> endpoints = new HashMap<>();
            Map<String, S3Client> clients = new HashMap<>();
            for (String name : SITES) {
                KafkaChangeNotifier notifier = null;
                if (notifications) {
                    notifier = new KafkaChangeNotifier(name, "syncmeter.changes", bootstrap);
                    notifiers.put(name, notifier);
                }
                InProcessS3Site site = InProcessS3Site.start(
                        name, 0, Optional.empty(), BUCKET, ACCESS_KEY, SECRET_KEY, notifier, Duration.ofSeconds(30));
                sites.put(name, site);
                endpoints.put(name, site.endpoint());
                clients.put(name, client(site.endpoint()));
                String prefix = "syncmeter.sites." + name + ".";
                config.put(prefix + "endpoint", site.endpoint().toString());
                config.put(prefix + "bucket", BUCKET);
                config.put(prefix + "access-key", ACCESS_KEY);
                config.put(prefix + "secret-key", SECRET_KEY);
            }
            infra = new Infra(bootstrap, Map.copyOf(endpoints), Map.copyOf(clients));
            return config;
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("test infrastructure did not start", e);
        }
    }

    /** What is running, once {@link #start()} returned (for tests that use this class outside Quarkus). */
    public Infra infra() {
        return infra;
    }

    /** A plain S3 client for a site, for tests that write or read behind syncmeter's back. */
    public static S3Client client(URI endpoint) {
        return client(endpoint, ACCESS_KEY, SECRET_KEY);
    }

    /** A plain S3 client for any S3 endpoint with these keys (path style, checksums only when required). */
    public static S3Client client(URI endpoint, String accessKey, String secretKey) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(infra, new TestInjector.AnnotatedAndMatchesType(InjectInfra.class, Infra.class));
    }

    @Override
    public void stop() {
        if (infra != null) {
            infra.clients().values().forEach(S3Client::close);
        }
        sites.values().forEach(InProcessS3Site::close);
        sites.clear();
        notifiers.values().forEach(KafkaChangeNotifier::close);
        notifiers.clear();
        kafka.stop();
    }
}
