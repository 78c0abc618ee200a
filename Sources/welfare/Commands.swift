import ArgumentParser
import Foundation
import Lino
import LinoServer
import Logging
import Welfare

@main
struct WelfareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "welfare",
        abstract: "Lino Welfare in Swift: social work software for Belgian public centres for social welfare.",
        subcommands: [Serve.self, Prep.self, Migrate.self, Dump.self, Load.self, UserCommand.self, Check.self])

    /// As ArgumentParser's own `main`, but on the main thread first, so that the server can
    /// hand Swift concurrency to its event loops before any task runs (`ServerThreads`).
    @MainActor
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "serve", ProcessInfo.processInfo.environment["WELFARE_CONCURRENCY_POOL"] != "default" {
            ServerThreads.useEventLoopsForConcurrency()
        }
        do {
            var command = try parseAsRoot(arguments)
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the application over HTTP.")
    @OptionGroup var common: CommonOptions
    @Option(help: "Address to listen on (env WELFARE_HOST, default 127.0.0.1).") var host: String?
    @Option(help: "Port (env WELFARE_PORT, default 8080; 0 picks a free one).") var port: Int?
    @Option(help: "Folder of the browser shell (default ./web).") var web: String?
    @Flag(help: "Development: read the browser shell from disk on every request (edit web/, reload the page).") var dev = false

    func run() async throws {
        let started = Date()
        let cfg = try InstanceConfiguration.load(common)
        var logger = Logger(label: "welfare")
        logger.logLevel = ProcessInfo.processInfo.environment["WELFARE_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let store = try cfg.openStore()
        try await store.db.write { c in try SchemaMigrator(site: store.site).migrate(c) }
        var sc = ServerConfiguration()
        sc.host = host ?? cfg.host ?? "127.0.0.1"
        sc.port = port ?? cfg.port ?? 8080
        guard let webRoot = web ?? cfg.web ?? WelfareSite.findFolder("web", containing: "index.html")?.path,
              FileManager.default.fileExists(atPath: webRoot + "/index.html") else {
            throw ValidationError("Cannot find the browser shell (a 'web' folder with index.html) here or next to the program: "
                                  + "run from the project folder, or pass --web, or set WELFARE_WEB or \"web\" in the configuration.")
        }
        sc.webRoot = webRoot
        sc.webFromDisk = dev
        sc.secureCookies = cfg.secureCookies ?? false
        sc.trustedProxies = try cfg.proxyRanges()
        sc.allowedOrigins = cfg.allowedOrigins ?? []
        sc.sessionMaxHours = cfg.sessionMaxHours ?? 12
        let directory = try cfg.directory(site: store.site)
        if let d = directory?.settings {
            logger.info("directory logins", metadata: ["url": .string(d.urls.joined(separator: " ")), "baseDN": .string(d.baseDN)])
            if !d.plainURLs.isEmpty {
                logger.warning("passwords go to the directory unencrypted: use ldaps:// or \"startTLS\": true",
                               metadata: ["url": .string(d.plainURLs.joined(separator: " "))])
            }
        }
        let server = WelfareServer(store: store, configuration: sc, directory: directory)
        let (log, listenHost) = (logger, sc.host)
        let app = server.application(logger: logger) { port in
            let ms = Int(Date().timeIntervalSince(started) * 1000)
            log.info("serving on http://\(listenHost):\(port) (ready in \(ms) ms)")
            printNow("welfare: listening on http://\(listenHost):\(port)")
        }
        try await app.runService()
        await store.db.close()
    }
}

struct Prep: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create the database, with reference data and optionally demo data.")
    @OptionGroup var common: CommonOptions
    @Flag(help: "Add demo users and demo contacts.") var demo = false
    @Option(help: "Number of demo persons (for benchmarks).") var scale: Int = 300
    @Flag(help: "Only when the database has no users yet (used by scripts/run).") var ifEmpty = false

    func run() async throws {
        let started = Date()
        let cfg = try InstanceConfiguration.load(common)
        let store = try cfg.openStore()
        try await store.db.write { c in try SchemaMigrator(site: store.site).migrate(c) }
        let users = try await store.read { r in try r.count("users.User") }
        if users > 0 {
            if ifEmpty { print("welfare prep: the database already has data; nothing to do."); return }
            throw ValidationError("The database \(cfg.databaseURL) already has data. Use a new database for prep.")
        }
        // The demo's 63 clients, or at scale all persons are clients (for benchmarks).
        let counts = ["contacts.Person": scale, "pcsw.Client": scale > 300 ? scale : min(63, scale)]
        try await store.site.prepare(store, demo: demo, counts: counts) { line, last in
            printNow("\r" + line, terminator: last ? "\n" : "")
        }
        if demo { try await store.db.write { c in try SchemaMigrator(site: store.site).tidyAfterBulkLoad(c) } }
        print(String(format: "welfare prep: done in %.1f s (%@)", Date().timeIntervalSince(started), cfg.databaseURL))
        await store.db.close()
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply new tables, columns and indexes from the declarations.")
    @OptionGroup var common: CommonOptions

    func run() async throws {
        let store = try InstanceConfiguration.load(common).openStore()
        let ran = try await store.db.write { c in try SchemaMigrator(site: store.site).migrate(c) }
        for s in ran { print(String(s.prefix { $0 != "\n" })) }  // the first line of each statement
        print("welfare migrate: \(ran.count) change(s) applied")
        await store.db.close()
    }
}

struct Dump: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write the whole database as JSON Lines.")
    @OptionGroup var common: CommonOptions
    @Argument(help: "Output file.") var file: String

    func run() async throws {
        let store = try InstanceConfiguration.load(common).openStore()
        FileManager.default.createFile(atPath: file, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: file) else { throw ValidationError("Cannot write \(file)") }
        let n = try await DatabaseDump(site: store.site).dump(store.db, to: handle)
        try handle.close()
        print("welfare dump: \(n) records written to \(file)")
        await store.db.close()
    }
}

struct Load: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Load a dump into a new, empty database.")
    @OptionGroup var common: CommonOptions
    @Argument(help: "Dump file written by `welfare dump`.") var file: String

    func run() async throws {
        let store = try InstanceConfiguration.load(common).openStore()
        try await store.db.write { c in try SchemaMigrator(site: store.site).migrate(c) }
        let existing = try await store.read { r in try r.count("users.User") }
        guard existing == 0 else { throw ValidationError("The target database is not empty.") }
        let n = try await DatabaseDump(site: store.site).load(store, from: URL(fileURLWithPath: file))
        try await store.db.write { c in try SchemaMigrator(site: store.site).tidyAfterBulkLoad(c) }
        print("welfare load: \(n) records loaded")
        await store.db.close()
    }
}

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage users.", subcommands: [Add.self, Passwd.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a user.")
        @OptionGroup var common: CommonOptions
        @Argument var username: String
        @Option(help: "User type (100 ... 910).") var type: String = "900"
        @Option var language: String = "en"
        @Option(help: "Password (default: asked on the terminal).") var password: String?

        func run() async throws {
            let store = try InstanceConfiguration.load(common).openStore()
            guard store.site.userTypes[type] != nil else { throw ValidationError("Unknown user type \(type)") }
            let pw = try password ?? readPassword()
            let values: Values = ["username": .text(username), "user_type": .text(type), "language": .text(language),
                                  "password": .text(PasswordHasher.hash(pw)), "is_active": .bool(true)]
            do {
                try await store.write(as: .system(reason: "welfare user add")) { w in _ = try w.insert("users.User", values) }
            } catch LinoError.validation(_, let fields) {
                throw ValidationError(fields.map { "\($0.key): \($0.value)" }.joined(separator: "; "))
            }
            print("welfare user add: \(username) created")
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a user's password.")
        @OptionGroup var common: CommonOptions
        @Argument var username: String
        @Option(help: "New password (default: asked on the terminal).") var password: String?

        func run() async throws {
            let store = try InstanceConfiguration.load(common).openStore()
            let id = try await store.read { r in try r.first("users.User", where: [.equals("username", .text(username))])?.id.intValue }
            guard let id else { throw ValidationError("No user \(username)") }
            try await SessionStore(store: store).setPassword(userID: id, password: try password ?? readPassword(), by: nil)
            print("welfare user passwd: password of \(username) changed")
        }
    }
}

func readPassword() throws -> String {
    guard let p = getpass("Password: ").map({ String(cString: $0) }), !p.isEmpty else { throw ValidationError("No password given") }
    return p
}

struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Validate every declaration, layout and permission; report missing translations; with --data, check the data.")
    // Not the common options: `--data` here runs the data checkers (the data folder is `--data-dir`).
    @Option(help: "Configuration file (JSON).") var config: String?
    @Option(help: "Database URL: sqlite:PATH or postgres://user@host:port/db (env WELFARE_DATABASE).") var database: String?
    @Option(help: "Folder for uploads and generated documents (env WELFARE_DATA).") var dataDir: String?
    @Flag(help: "Print the English texts of the declarations, one per line (for translators).") var msgids = false
    @Flag(help: "Run the data checkers over the database and keep what they find as data problems.") var data = false

    func run() async throws {
        let cfg = try InstanceConfiguration.load(config: config, database: database, data: dataDir)
        let site = try cfg.makeSite()  // throws on any bad declaration or layout
        if msgids {
            for m in SiteCheck(site: site).messageIDs.sorted() { print(m) }
            return
        }
        if data {
            let store = try cfg.openStore()
            try await store.db.write { c in try SchemaMigrator(site: store.site).migrate(c) }
            let found = try await DataCheckRunner(store: store).run { checker, done, total in
                printNow("\r\(checker): \(done)/\(total)", terminator: done == total ? "\n" : "")
            }
            for (checker, n) in found.sorted(by: { $0.key < $1.key }) { print("\(checker): \(n) problem(s)") }
            print("welfare check --data: \(found.values.reduce(0, +)) data problem(s)")
            await store.db.close()
            return
        }
        let report = SiteCheck(site: site).run()
        for line in report.lines { print(line) }
        print("welfare check: \(site.models.count) models, \(site.tables.count) tables, \(site.userTypes.count) user types; \(report.problems) problem(s)")
        if report.problems > 0 { throw ExitCode(1) }
    }
}

/// Prints and flushes at once (progress lines, the "listening" line scripts wait for).
func printNow(_ s: String, terminator: String = "\n") {
    FileHandle.standardOutput.write(Data((s + terminator).utf8))
}
