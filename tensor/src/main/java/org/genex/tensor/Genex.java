package org.genex.tensor;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Facts about this build of genex, for logs, reports and checkpoint provenance. */
public final class Genex {
    private Genex() {}

    private static final String VERSION = readVersion();

    /** The project version this library was built as (e.g. "0.1.0-SNAPSHOT"). */
    public static String version() { return VERSION; }

    private static String readVersion() {
        try (InputStream in = Genex.class.getResourceAsStream("genex.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
