import Lino

/// A few tasks the demo users wrote themselves about their clients, due around today.
enum TasksDemo {
    static let step = DataStep("tasks") { ctx in
        guard ctx.count("pcsw.Client") > 0 else { return }
        let site = ctx.site
        try await ctx.store.write(as: .system(reason: "demo data: tasks")) { w in
            var userIDs: [String: Value] = [:]
            for u in try w.rows("users.User", fields: ["username"]) { userIDs[u.string("username")] = u.id }
            let clients = try w.rows("pcsw.Client", order: "id", limit: ClientsDemo.withHistory(ctx), fields: ["last_name"])
            guard !clients.isEmpty else { return }
            // A few tasks users wrote themselves.
            for (i, name) in ["alicia", "hubert", "melanie", "caroline", "judith", "kerstin"].enumerated() {
                guard let uid = userIDs[name] else { continue }
                let lang = DemoUsers.all.first { $0.username == name }?.language ?? site.defaultLanguage
                for n in 0..<3 {
                    let c = clients[(i * 5 + n * 7) % clients.count]
                    try w.insert("cal.Task", ["user": uid, "project": c.id, "due_date": DemoResources.day(-3 + n * 4 + i),
                                              "summary": .text(summary(n, lang))])
                }
            }
        }
    }

    static func summary(_ n: Int, _ lang: String) -> String {
        let summaries: [String: [String]] = [
            "fr": ["Rappeler", "Demander les documents", "Préparer le dossier pour le comité"],
            "de": ["Zurückrufen", "Unterlagen anfragen", "Akte für den Ausschuss vorbereiten"],
            "nl": ["Terugbellen", "Documenten opvragen", "Dossier voor het comité voorbereiden"],
        ]
        let list = summaries[lang] ?? ["Call back", "Ask for documents", "Prepare the committee file"]
        return list[n % list.count]
    }
}
