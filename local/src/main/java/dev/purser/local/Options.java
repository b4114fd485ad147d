package dev.purser.local;

import java.nio.file.Path;

/** Command-line options of the local runtime. */
record Options(int port, Path dataDir, boolean inMemory, boolean help, boolean allowLoopbackWebhooks) {
    Options(int port, Path dataDir, boolean inMemory, boolean help) {
        this(port, dataDir, inMemory, help, false);
    }

    static final String USAGE = """
            Usage: java -jar local/target/purser-local.jar [--port 8080] [--data-dir DIR | --in-memory]
              --port N        HTTP port (default 8080; 0 picks a free one)
              --data-dir DIR  where DynamoDB Local keeps its data (default ./.purser-data, mode 0700); survives restarts
              --in-memory     keep nothing between runs
              --log-format F  json (default: the functions' structured lines, as in Lambda) or text
              --allow-loopback-webhooks
                              deliver webhooks to loopback receivers (127.0.0.1, ::1, localhost) for local
                              development; private, link-local and metadata addresses stay refused, as on AWS
            """;

    static Options parse(String[] args) {
        int port = 8080;
        Path dataDir = Path.of(".purser-data");
        boolean inMemory = false;
        boolean help = false;
        boolean loopback = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, "--data-dir"));
                case "--in-memory" -> inMemory = true;
                case "--log-format" -> logFormat(value(args, ++i, "--log-format"));
                case "--allow-loopback-webhooks" -> loopback = true;
                case "-h", "--help" -> help = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
            }
        }
        return new Options(port, dataDir, inMemory, help, loopback);
    }

    /** json: the functions' log4j2.properties; text: their log4j2-text.properties (same loggers, readable lines). */
    private static void logFormat(String format) {
        if (!format.equals("json") && !format.equals("text")) {
            throw new IllegalArgumentException("--log-format is json or text\n" + USAGE);
        }
        // Read by log4j when it starts, which is after the options (functions/.../log4j2-text.properties).
        if (format.equals("text")) System.setProperty("log4j2.configurationFile", "log4j2-text.properties");
    }

    private static String value(String[] args, int i, String name) {
        if (i >= args.length) throw new IllegalArgumentException(name + " needs a value\n" + USAGE);
        return args[i];
    }
}
