import Lino

/// A client's history: notes of events (Lino's `notes`, domain section 9). The
/// body is for social workers only; a note is changed by its author and by staff.
public enum NotesPlugin {
    typealias R = WelfareRoles
    static let readers: [Role] = [R.socialUser, R.socialCoordinator, R.officeOperator]
    static let staff: [Role] = [R.socialStaff]

    static let noteType = Model.babelNamed("notes.NoteType", label: "Note type", plural: "Note types") {
        BoolField("important", "Important")
    }

    static let eventType = Model.babelNamed("notes.EventType", label: "Event type", plural: "Event types")

    static func note(_ languages: [String]) -> Model { Model("notes.Note", label: "Note", plural: "Notes") {
        DateField("date", "Date", required: true, default: .today)
        TimeField("time", "Time")
        ForeignKey("project", "Client", to: "pcsw.Client")
        ForeignKey("type", "Note type", to: "notes.NoteType")
        ForeignKey("event_type", "Event type", to: "notes.EventType")
        CharField("subject", "Subject", required: true).width(40)
        RichTextField("body", "Body").visible(to: [R.socialUser])
        ChoiceField("language", "Language", ContactsPlugin.languages(languages))
            .defaults(.fromTarget(foreignKey: "project", field: "language"))
        BoolField("important", "Important")
        ForeignKey("user", "Author", to: "users.User", onDelete: .setNull).defaults(.currentUser)
        DateTimeField("modified", "Modified").readOnly()
    }
    .title(["subject"]) { $0.string("subject") }
    .ordered(["-date", "-time"])
    .index(["project", "date"])
    .beforeSave { v, _ in v["modified"] = .text(ISODates.now()) }
    .editable(needs: ["user"]) { note, user in note.int("user") == user.id || user.has(staff) }
    }

    static let columns = "date:10 time:6 type:14 event_type:14 subject:40 user:16 important:6"
    /// The quick search of notes: subject and body (the body only for those who may read it).
    static let searched = ["subject", "body"]

    static let detail = Layout("""
        date time type event_type
        project:30 user important language
        subject:60
        body
        """)

    static let tables: [Table] = [
        Table("notes.NotesByClient", model: "notes.Note", label: "History", columns: columns, search: searched, masterKey: "project",
              detail: detail, insert: Layout("date time type event_type\nsubject:60 important\nbody"),
              viewRoles: readers, editRoles: [R.socialUser]),
        // Important notes, red in the client's overview.
        Table("notes.ImportantNotesByClient", model: "notes.Note", label: "Important notes", columns: "date subject user",
              masterKey: "project", filter: .equals("important", .bool(true)), detail: detail,
              viewRoles: readers, editRoles: [R.socialUser], allowInsert: false)
            .display(.summary)
            .summary(["date", "subject", "user"]) { r in
                SummaryLine("\(r.text("date")) \(r.text("subject")) (\(r.text("user")))", emphasis: true)
            },
        Table("notes.MyNotes", model: "notes.Note", label: "My notes", columns: "date:10 project:26 subject:40 type:14 modified:16",
              order: "-modified", search: searched, detail: detail, viewRoles: [R.socialUser], editRoles: [R.socialUser], allowInsert: false,
              rowFilter: { user in .equals("user", .int(user.id)) })
            .summary(["date", "project", "subject"]) { r in SummaryLine("\(r.text("date")) \(r.text("project")): \(r.text("subject"))") },
        Table("notes.Notes", model: "notes.Note", label: "Notes", columns: "date:10 project:26 subject:40 type:14 user:16 important", search: searched,
              detail: detail, viewRoles: staff, editRoles: staff),
        Table("notes.NoteTypes", model: "notes.NoteType", label: "Note types", columns: "name:30 important", detail: Layout("name\nimportant"),
              viewRoles: readers, editRoles: staff),
        Table("notes.EventTypes", model: "notes.EventType", label: "Event types", columns: "name:30", detail: Layout("name"),
              viewRoles: readers, editRoles: staff),
    ]

    public static func plugin(languages: [String]) -> Plugin {
        Plugin("notes", models: [noteType, eventType, note(languages)], tables: tables,
               dashboard: [DashboardItem("notes.MyNotes", label: "Recently changed notes")],
               menu: [.table(["Office"], "notes.MyNotes"),
                      .table(["Configuration", "Office"], "notes.NoteTypes"), .table(["Configuration", "Office"], "notes.EventTypes"),
                      .table(["Explorer", "Office"], "notes.Notes")],
               demo: [NotesDemo.step])
    }
}
