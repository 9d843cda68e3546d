package io.syncmeter.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, for the page tests: installs both
 * when missing ({@link DebianPackages#chromium}) and never lets Selenium look for or download a
 * browser or driver. The browser's console is kept, so a test can say the page logged no error.
 *
 * <p>Lifecycle: {@link #start} once per test, {@link #close} in its teardown (idempotent); one test
 * thread uses it.
 */
public final class HeadlessChromium implements AutoCloseable {

    public static final String CHROMIUM = "/usr/bin/chromium";
    public static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private HeadlessChromium(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    /**
     * Starts a browser with a window of {@code width}×{@code height}, its profile and the driver's log
     * in {@code dir}.
     */
    public static HeadlessChromium start(Path dir, int width, int height) throws IOException {
        DebianPackages.chromium();
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .withLogFile(dir.resolve("chromedriver.log").toFile())
                .build();
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM)
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-background-networking",
                        "--window-size=" + width + "," + height,
                        "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium")));
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        try {
            return new HeadlessChromium(service, new ChromeDriver(service, options));
        } catch (RuntimeException e) {
            service.stop();
            throw e;
        }
    }

    /** The driver. */
    public ChromeDriver driver() {
        return driver;
    }

    /** Runs {@code script} in the page, {@code arguments[i]} being {@code args[i]}. */
    public Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /**
     * How many pixels of the canvas {@code selector} finds have about the colour {@code rgb} (each
     * channel within 30, mostly opaque): a line of that colour drawn, not only axes.
     */
    public long strokePixels(String selector, int[] rgb) {
        Object n = script(
                "const c = document.querySelector(arguments[0]);"
                        + "if (!c) return 0;"
                        + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                        + "let n = 0;"
                        + "for (let i = 0; i < d.length; i += 4) {"
                        + "  if (d[i + 3] > 128 && Math.abs(d[i] - arguments[1]) < 30"
                        + "      && Math.abs(d[i + 1] - arguments[2]) < 30 && Math.abs(d[i + 2] - arguments[3]) < 30) n++;"
                        + "}"
                        + "return n;",
                selector,
                rgb[0],
                rgb[1],
                rgb[2]);
        return ((Number) n).longValue();
    }

    /** The browser console's entries at {@code SEVERE} since the last call: errors, and refused loads. */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::toString)
                .toList();
    }

    /** Writes a PNG of the window to {@code file}, and says where. */
    public void screenshot(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        System.out.println("screenshot: " + file.toAbsolutePath());
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
