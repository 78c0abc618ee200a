import Lino

/// A small site for the tests of the one write path: cases with steps (a hook
/// keeps one primary step), reminders written by a hook, memos with a row rule
/// and a hidden body, a workflow with a question, parameters and effects, a field
/// computed from other records, and a parameter defaulting to the current user.
enum WriteSite {
    static let staff: Role = "Staff"
    static let clerk: Role = "Clerk"
    static let auditor: Role = "Auditor"
    static let userTypes = [
        UserType("100", "Clerk", roles: [clerk]),
        UserType("200", "Auditor", roles: [auditor]),
        UserType("900", "Staff", roles: [clerk, staff, FrameworkRoles.siteAdmin]),
    ]
    static let states = ChoiceList("w.CaseStates", [("10", "open", "Open"), ("20", "closed", "Closed"), ("30", "refused", "Refused")])
    static let reasons = ChoiceList("w.Reasons", [("10", "late", "Too late"), ("20", "elsewhere", "Elsewhere")])

    static func make(extra: [Table] = []) throws -> Site {
        let caseModel = Model("w.Case", label: "Case", plural: "Cases") {
            CharField("title", "Title", required: true)
            ChoiceField("state", "State", states, default: "10")
            ChoiceField("reason", "Reason", reasons).editable(by: [staff])
            ForeignKey("owner", "Owner", to: "users.User", onDelete: .setNull).defaults(.currentUser)
            CharField("language", "Language", maxLength: 5)
        }
        .title(["title"]) { $0.string("title") }
        .computed(IntField("open_steps", "Open steps")) { records, cases in
            let steps = try records.rows("w.Step", where: [.oneOf("case", cases.map(\.id)), .equals("done", .bool(false))], fields: ["case"])
            let byCase = steps.grouped(by: "case")
            return cases.map { .int(Int64(byCase[$0.id]?.count ?? 0)) }
        }
        let step = Model("w.Step", label: "Step", plural: "Steps") {
            ForeignKey("case", "Case", to: "w.Case", required: true, onDelete: .cascade)
            CharField("name", "Name", required: true)
            BoolField("primary", "Primary")
            BoolField("done", "Done")
            CharField("language", "Language", maxLength: 5).defaults(.fromTarget(foreignKey: "case", field: "language"))
        }
        .title(["name"]) { $0.string("name") }
        // One primary step per case: marking one un-marks the others, through the writer.
        .afterSave { w, saved in
            guard saved.after["primary"]?.boolValue == true, saved.changed("primary") else { return }
            for other in try w.rows("w.Step", where: [.equals("case", saved.after["case"]!), .equals("primary", .bool(true)),
                                                      .notEquals("id", saved.id)]) {
                try w.update("w.Step", id: other.id, ["primary": .bool(false)])
            }
            try w.insert("w.Reminder", ["case": saved.after["case"]!, "text": .text("primary changed")])
        }
        let reminder = Model("w.Reminder", label: "Reminder", plural: "Reminders") {
            ForeignKey("case", "Case", to: "w.Case", required: true, onDelete: .cascade)
            CharField("text", "Text")
        }
        let memo = Model("w.Memo", label: "Memo", plural: "Memos") {
            ForeignKey("author", "Author", to: "users.User", onDelete: .setNull).defaults(.currentUser)
            CharField("subject", "Subject", required: true)
            TextField("body", "Body").visible(to: [staff, auditor])
        }
        .title(["subject"]) { $0.string("subject") }
        .editable(needs: ["author"]) { memo, user in memo.int("author") == user.id || user.has([staff]) }

        let workflow = Workflow(field: "state", transitions: [
            .init("close", label: "Close", from: ["10"], to: "20",
                  confirm: { ctx in
                      let n = try ctx.writer.count("w.Step", where: [.equals("case", ctx.record.id), .equals("done", .bool(false))])
                      return n == 0 ? nil : ctx.t("This will end {n} steps of {case}.", ["n": String(n), "case": ctx.title])
                  },
                  effect: { ctx in
                      for s in try ctx.writer.rows("w.Step", where: [.equals("case", ctx.record.id), .equals("done", .bool(false))]) {
                          try ctx.writer.update("w.Step", id: s.id, ["done": .bool(true)])
                      }
                  }),
            .init("refuse", label: "Refuse", from: ["10"], to: "30",
                  params: [ChoiceField("reason", "Reason", reasons, required: true)],
                  effect: { ctx in try ctx.writer.update("w.Case", id: ctx.record.id, ["reason": ctx.params["reason"]!]) }),
        ])
        let tables: [Table] = [
            Table("w.Cases", model: "w.Case", label: "Cases", columns: "title state reason owner open_steps",
                  params: [TableParam(ForeignKey("owner", "Owner", to: "users.User").defaults(.currentUser)) { v, _ in .equals("owner", v) }],
                  viewRoles: [clerk, auditor], editRoles: [clerk], workflow: workflow)
                .colours(by: "state", ["20": .grey, "30": .yellow]),
            Table("w.StepsByCase", model: "w.Step", label: "Steps", columns: "name primary done language", masterKey: "case",
                  viewRoles: [clerk], editRoles: [clerk])
                .display(.summary)
                .summary(["name", "primary"]) { r in SummaryLine(r.text("name"), emphasis: r["primary"].boolValue) },
            Table("w.Steps", model: "w.Step", label: "All steps", columns: "case name primary done", viewRoles: [clerk], editRoles: [clerk]),
            Table("w.Reminders", model: "w.Reminder", label: "Reminders", columns: "case text", viewRoles: [staff], editRoles: [staff]),
            Table("w.Memos", model: "w.Memo", label: "Memos", columns: "author subject body", search: ["subject", "body"],
                  detail: Layout("main secret", panels: ["main": Panel("Memo", "subject\nbody"),
                                                         "secret": Panel("Staff only", "author", roles: [staff])]),
                  viewRoles: [clerk, auditor], editRoles: [clerk]),
        ] + extra
        return try Site(name: "Write", version: "1", languages: ["en", "fr"],
                        plugins: [Plugin("w", models: [caseModel, step, reminder, memo], tables: tables,
                                         dashboard: [DashboardItem("w.Cases"), DashboardItem("w.Reminders")]),
                                  UsersPlugin.make(userTypes: userTypes, languages: ["en", "fr"])],
                        userTypes: userTypes, menu: [], localizer: Localizer(languages: ["en", "fr"], catalogues: [:]))
    }

    static func user(_ id: Int64, _ type: Int) -> UserContext {
        UserContext(id: id, username: "u\(id)", fullName: "User \(id)", language: "en", userType: userTypes[type])
    }
    static let clerkA = user(1, 0)
    static let clerkB = user(2, 0)
    static let auditorUser = user(3, 1)
    static let staffUser = user(4, 2)
}
