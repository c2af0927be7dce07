package org.chapkit.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.sqlite.SQLiteConfig;

/**
 * db-scheduler alone: schedules N no-op one-time executions from C client threads and times until all have run.
 * The engine is built as the service's JobEngine builds it (worker threads, immediate execution, polling and
 * heartbeat intervals; SQLite with {@link SqliteJdbcCustomization} and fetch polling, PostgreSQL with
 * lock-and-fetch), over a Hikari pool of the service's size, on a fresh database whose engine table is the
 * service's. SQLite is opened as the service opens its file: WAL, {@code synchronous=NORMAL}, a busy timeout, so
 * that a commit is on disk when it returns, as the service's are.
 *
 * <p>Arguments: {@code --db sqlite|postgresql --url U [--user U] [--password P] [--jobs N] [--runs R]
 * [--warmup-seconds W] [--submitters C] [--threads T] [--pool P] [--busy-timeout-ms B] [--schema S]}; with
 * {@code --schema}, the schema is created first (the URL's {@code currentSchema} should name it). Prints one line
 * per measured run: {@code RESULT {"run":1,"jobs":N,"seconds":S,"jobs_per_s":R}}.
 */
public final class EngineBaseline {

    private EngineBaseline() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        String url = required(opts, "url");
        String db = required(opts, "db");
        if (!db.equals("sqlite") && !db.equals("postgresql")) {
            throw new IllegalArgumentException("--db must be sqlite or postgresql");
        }
        int jobs = Integer.parseInt(opts.getOrDefault("jobs", "10000"));
        int runs = Integer.parseInt(opts.getOrDefault("runs", "3"));
        int warmupSeconds = Integer.parseInt(opts.getOrDefault("warmup-seconds", "20"));
        int submitters = Integer.parseInt(opts.getOrDefault("submitters", "16"));
        int threads = Integer.parseInt(opts.getOrDefault("threads", "16"));

        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(url);
        pool.setMaximumPoolSize(Integer.parseInt(opts.getOrDefault("pool", "16")));
        if (db.equals("sqlite")) {
            SQLiteConfig sqlite = new SQLiteConfig();
            sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
            sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            sqlite.setBusyTimeout(Integer.parseInt(opts.getOrDefault("busy-timeout-ms", "3000")));
            pool.setDataSourceProperties(sqlite.toProperties());
        } else {
            pool.setUsername(opts.getOrDefault("user", "postgres"));
            pool.setPassword(opts.getOrDefault("password", ""));
        }
        try (HikariDataSource dataSource = new HikariDataSource(pool)) {
            String schema = opts.get("schema");
            if (schema != null) {
                execute(dataSource, "create schema if not exists " + schema);
            }
            createTable(dataSource, db);
            AtomicReference<Batch> current = new AtomicReference<>();
            OneTimeTask<Void> noop = Tasks.oneTime("noop").execute((instance, context) -> current.get().executed());
            SchedulerBuilder builder = Scheduler.create(dataSource, List.of(noop))
                    .threads(threads)
                    .enableImmediateExecution()
                    .pollingInterval(Duration.ofSeconds(2))
                    .heartbeatInterval(Duration.ofSeconds(2))
                    .missedHeartbeatsLimit(5)
                    .registerShutdownHook();
            if (db.equals("sqlite")) {
                builder.jdbcCustomization(new SqliteJdbcCustomization());
            } else {
                builder.pollUsingLockAndFetch(0.5, 1.0); // as JobEngine: no more claims than workers
            }
            Scheduler scheduler = builder.build();
            scheduler.start();
            ExecutorService clients = Executors.newFixedThreadPool(submitters);
            try {
                // At least warmupSeconds, then until a batch in which the JIT compiler threads used at most 5% of
                // this process's CPU (at most 12 batches more): the service's warm-up ends by the same rule (bench.py).
                long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmupSeconds);
                int batch = 0;
                int settling = 0;
                double compilerShare = 1;
                while (System.nanoTime() < warmupEnd || (compilerShare > 0.05 && settling++ < 12)) {
                    double[] before = cpuByThread();
                    double rate = runBatch("w" + batch++, jobs, submitters, clients, scheduler, noop, current, dataSource);
                    double[] after = cpuByThread();
                    double compiler = after[0] - before[0];
                    compilerShare = compiler / Math.max(1e-9, compiler + after[1] - before[1]);
                    System.out.printf(Locale.ROOT, "WARMUP {\"batch\":%d,\"jobs_per_s\":%.1f,\"compiler_share\":%.3f}%n",
                            batch, rate, compilerShare);
                }
                for (int run = 1; run <= runs; run++) {
                    double rate = runBatch("r" + run, jobs, submitters, clients, scheduler, noop, current, dataSource);
                    System.out.printf(Locale.ROOT, "RESULT {\"run\":%d,\"jobs\":%d,\"seconds\":%.3f,\"jobs_per_s\":%.1f}%n",
                            run, jobs, jobs / rate, rate);
                }
            } finally {
                clients.shutdownNow();
                scheduler.stop();
            }
        }
    }

    /** Schedules {@code jobs} executions from {@code submitters} threads; returns executions per second until all ran. */
    private static double runBatch(String prefix, int jobs, int submitters, ExecutorService clients, Scheduler scheduler,
                                   OneTimeTask<Void> noop, AtomicReference<Batch> current, HikariDataSource dataSource)
            throws Exception {
        Batch batch = new Batch(jobs);
        current.set(batch);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < submitters; c++) {
            futures.add(clients.submit(() -> {
                for (int i = next.getAndIncrement(); i < jobs; i = next.getAndIncrement()) {
                    scheduler.schedule(noop.instance(prefix + "-" + i), Instant.now());
                }
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        if (!batch.done.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("only " + batch.count.get() + " of " + jobs + " executions ran within 10 minutes");
        }
        long nanos = System.nanoTime() - start;
        awaitEmpty(dataSource);
        return jobs / (nanos / 1e9);
    }

    /**
     * CPU seconds this process's JIT compiler threads ([0]) and all its other threads ([1]) have used, from
     * /proc/self/task (Linux; zeros elsewhere, which ends the warm-up at its minimum).
     */
    private static double[] cpuByThread() {
        double[] used = new double[2];
        File[] tasks = new File("/proc/self/task").listFiles();
        for (File task : tasks == null ? new File[0] : tasks) {
            try {
                String name = Files.readString(task.toPath().resolve("comm"));
                String stat = Files.readString(task.toPath().resolve("stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                double seconds = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0; // USER_HZ
                used[name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre") ? 0 : 1] += seconds;
            } catch (IOException | RuntimeException e) {
                // the thread ended meanwhile
            }
        }
        return used;
    }

    /** Waits until the engine has deleted every finished execution, so that runs do not overlap. */
    private static void awaitEmpty(HikariDataSource dataSource) throws SQLException, InterruptedException {
        for (int i = 0; i < 6000; i++) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("select count(*) from scheduled_tasks where task_name = 'noop'")) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    return;
                }
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("executions left in scheduled_tasks after a minute");
    }

    private static void execute(HikariDataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** db-scheduler's table, as the service's migrations leave it on that database. */
    private static void createTable(HikariDataSource dataSource, String db) throws IOException, SQLException {
        String resource = "/scheduled_tasks-" + db + ".sql";
        String sql;
        try (InputStream in = EngineBaseline.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("DDL not found: " + resource);
            }
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String part : sql.replaceAll("(?m)^--.*$", "").split(";")) {
                if (!part.isBlank()) {
                    statement.execute(part);
                }
            }
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        return opts;
    }

    private static String required(Map<String, String> opts, String name) {
        String value = opts.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    /** One measured batch: how many executions ran, and a latch for the last. */
    private static final class Batch {

        final int expected;
        final AtomicInteger count = new AtomicInteger();
        final CountDownLatch done = new CountDownLatch(1);

        Batch(int expected) {
            this.expected = expected;
        }

        void executed() {
            if (count.incrementAndGet() == expected) {
                done.countDown();
            }
        }
    }
}
