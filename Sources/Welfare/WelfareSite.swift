import BeID
import Foundation
import Lino

/// Builds the Lino Welfare site: plugins, user types and the main menu.
public enum WelfareSite {
    public static let version = "0.1.0"

    /// The order of the main menu; the plugins put their entries into it (`Plugin.menu`).
    public static func menu() -> [MenuItem] {
        [
            .menu("Contacts", []), .menu("Office", []), .menu("Calendar", []), .menu("PCSW", []),
            .menu("Configuration", [.menu("System", []), .menu("Places", []), .menu("Contacts", []), .menu("Office", []), .menu("PCSW", [])]),
            .menu("Explorer", [.menu("Contacts", []), .menu("PCSW", []), .menu("Office", []), .menu("Calendar", []), .menu("System", [])]),
            .menu("Site", [
                .command("about", label: "About"),
                .command("mySettings", label: "My settings"),
                .command("changePassword", label: "Change password"),
                .command("logout", label: "Log out"),
            ]),
        ]
    }

    /// - Parameters:
    ///   - languages: site languages, the first being the default.
    ///   - localesDirectory: where `fr.json`, `de.json`, `nl.json` live (plugins' own in `<plugin>/`).
    ///   - eid: where the eID helper answers and which roots sign cards (none: every card is refused).
    public static func make(name: String = "CPAS de Kettenis", languages: [String] = ["en", "fr", "de", "nl"],
                            localesDirectory: URL?,
                            eid: BeIDSettings = BeIDSettings(helperURL: "http://127.0.0.1:9375", verifier: CardVerifier(trustedRoots: []))) throws -> Site {
        let plugins = [
            CountriesPlugin.plugin,
            ContactsPlugin.plugin(languages: languages),
            UsersPlugin.make(userTypes: WelfareUserTypes.all, languages: languages,
                             extraFields: ClientsPlugin.userFields, extraPanel: ClientsPlugin.userPanel, demo: [DemoUsers.step]),
            BeIDPlugin.plugin(eid),
            ClientsPlugin.plugin,
            CoachingsPlugin.plugin,
            HouseholdsPlugin.plugin,
            NotesPlugin.plugin(languages: languages),
            UploadsPlugin.plugin,
            TasksPlugin.plugin,
            DataChecksPlugin.make(roles: [WelfareRoles.socialStaff, WelfareRoles.contactsStaff]),
        ]
        // Each plugin brings its own translations (locales/<plugin>/), loaded only when installed.
        let localizer = try localesDirectory.map { try Localizer(languages: languages, directory: $0, plugins: plugins.map(\.name)) }
            ?? Localizer(languages: languages, catalogues: [:])
        return try Site(
            name: name, version: version, languages: languages, plugins: plugins,
            userTypes: WelfareUserTypes.all, menu: menu(), localizer: localizer,
            clientSettings: ["eid": eid.helperURL.map { .object(["helper": .string($0)]) } ?? .null])
    }

    /// Finds the `locales` folder: next to the current directory or above the executable.
    public static func findLocales() -> URL? {
        if let env = ProcessInfo.processInfo.environment["WELFARE_LOCALES"] { return URL(fileURLWithPath: env) }
        return findFolder("locales", containing: "fr.json")
    }

    /// A folder of the project (`locales`, `web`) holding `marker`: in the current
    /// directory or in one of the executable's parent folders.
    public static func findFolder(_ name: String, containing marker: String) -> URL? {
        var candidates = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 { candidates.append(dir); dir.deleteLastPathComponent() }
        for c in candidates {
            let folder = c.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(marker).path) { return folder }
        }
        return nil
    }
}
