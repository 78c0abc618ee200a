import ArgumentParser
import Foundation
import Hummingbird
import Logging

/// The eID helper for front-desk PCs: reads Belgian eID cards through PC/SC and
/// answers the browser on 127.0.0.1 (see docs/EID.md for install and protocol).
/// `@main`, not top-level `await EIDHelper.main()` in main.swift: there the
/// synchronous `ParsableCommand.main()` wins overload resolution, and debug
/// builds stop with "Asynchronous root command needs availability annotation".
@main
struct EIDHelper: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "eid-helper",
        abstract: "Read Belgian eID cards for the Welfare web application, on 127.0.0.1 only.")

    @Option(help: "JSON file: {\"port\": 9375, \"origins\": [\"https://welfare.example.org\"], \"reader\": \"\"}.")
    var config: String?
    @Option(help: "Port on 127.0.0.1 (default 9375; env EID_HELPER_PORT).")
    var port: Int?
    @Option(name: .customLong("origin"), help: "A server origin allowed to ask for cards (repeatable; env EID_HELPER_ORIGINS, comma-separated).")
    var origins: [String] = []
    @Option(help: "Prefer the reader whose name contains this text.")
    var reader: String?

    func run() async throws {
        var settings = HelperSettings()
        if let config { try settings.load(file: config) }
        settings.applyEnvironment(ProcessInfo.processInfo.environment)
        if let port { settings.port = port }
        if !origins.isEmpty { settings.origins = origins }
        if let reader { settings.reader = reader }

        let final = settings
        var logger = Logger(label: "eid-helper")
        logger.logLevel = .info
        let router = Router()
        HelperRoutes(service: CardService(preferredReader: settings.reader), origins: Set(settings.origins), port: settings.port)
            .register(on: router)
        let app = Application(router: router,
                              configuration: .init(address: .hostname("127.0.0.1", port: settings.port), serverName: "eid-helper"),
                              onServerRunning: { _ in
                                  // Flushed at once: service managers and tests wait for this line.
                                  FileHandle.standardOutput.write(Data("eid-helper: listening on http://127.0.0.1:\(final.port) for \(final.origins.joined(separator: ", "))\n".utf8))
                              },
                              logger: logger)
        try await app.runService()
    }
}

/// Settings from the config file, then the environment, then flags.
struct HelperSettings {
    var port = 9375
    var origins = ["http://127.0.0.1:8080", "http://localhost:8080"]
    var reader: String?

    mutating func load(file: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        guard let o = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ValidationError("\(file): expected a JSON object")
        }
        if let p = o["port"] as? Int { port = p }
        if let list = o["origins"] as? [String] { origins = list }
        if let r = o["reader"] as? String, !r.isEmpty { reader = r }
    }

    mutating func applyEnvironment(_ env: [String: String]) {
        if let p = env["EID_HELPER_PORT"].flatMap(Int.init) { port = p }
        if let o = env["EID_HELPER_ORIGINS"], !o.isEmpty { origins = o.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
    }
}
