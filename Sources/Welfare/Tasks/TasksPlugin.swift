import Lino

/// Things to do by a date (Lino's `cal.Task`, the part of the calendar that
/// reminders need; the calendar issue extends it). A task made by another record
/// (an upload's expiry reminder) names that record as its owner and keeps an
/// `auto_type`, so that its owner can move or remove it.
public enum TasksPlugin {
    typealias R = WelfareRoles
    public static let states = ChoiceList("cal.TaskStates", [
        ("10", "todo", "To do"), ("15", "important", "Important"), ("20", "started", "Started"), ("30", "done", "Done"),
        ("50", "cancelled", "Cancelled"),
    ])

    static let task = Model("cal.Task", label: "Task", plural: "Tasks") {
        ForeignKey("project", "Client", to: "pcsw.Client")
        ForeignKey("user", "Responsible user", to: "users.User", required: true).defaults(.currentUser)
        DateField("start_date", "Start date", default: .today)
        DateField("due_date", "Due date")
        CharField("summary", "Summary", required: true).width(40)
        TextField("description", "Description")
        ChoiceField("state", "State", states, required: true, default: "10")
        // The record that made the task (none for a task a user wrote).
        CharField("owner_type", "Owner type", maxLength: 60).readOnly()
        IntField("owner_id", "Owner").readOnly()
        IntField("auto_type", "Automatic task").readOnly()
    }
    .title(["summary"]) { $0.string("summary") }
    .ordered(["due_date", "id"])
    // A task noted late is due before today: it started on its due date, not today.
    .beforeSave { v, ctx in
        if ctx.isInsert, let due = v["due_date"]?.stringValue, let start = v["start_date"]?.stringValue, due < start {
            v["start_date"] = .text(due)
        }
    }
    .period(from: "start_date", until: "due_date", message: "The due date is before the start date.")
    .index(["owner_type", "owner_id"])
    .index(["user", "due_date"])

    static let open: Condition = .oneOf("state", [.text("10"), .text("15"), .text("20")])

    static let tables: [Table] = [
        Table("cal.MyTasks", model: "cal.Task", label: "My tasks", columns: "due_date:10 summary:40 project:26 state:10",
              order: "due_date", filter: open, detail: Layout("summary:40 state\nproject:30 user\nstart_date due_date\ndescription"),
              insert: Layout("summary:40\nproject:30\ndue_date"),
              viewRoles: [R.officeUser], editRoles: [R.officeUser],
              rowFilter: { user in .equals("user", .int(user.id)) })
            .summary(["due_date", "summary", "project"]) { r in
                SummaryLine([r.text("due_date"), r.text("summary"), r.text("project")].filter { !$0.isEmpty }.joined(separator: " "),
                            emphasis: (r["due_date"].stringValue ?? "9999") < ISODates.today())
            },
        Table("cal.TasksByClient", model: "cal.Task", label: "Tasks", columns: "due_date:10 summary:40 user:16 state:10",
              order: "-due_date", masterKey: "project", detail: Layout("summary:40 state\nuser start_date due_date\ndescription"),
              viewRoles: [R.socialUser, R.officeOperator], editRoles: [R.officeUser]),
        Table("cal.Tasks", model: "cal.Task", label: "Tasks", columns: "due_date:10 summary:40 project:26 user:16 state:10",
              detail: Layout("summary:40 state\nproject:30 user\nstart_date due_date\ndescription"),
              viewRoles: [R.socialStaff], editRoles: [R.socialStaff]),
    ]

    public static let plugin = Plugin("cal", models: [task], tables: tables, dashboard: [DashboardItem("cal.MyTasks")],
                                      menu: [.table(["Calendar"], "cal.MyTasks"), .table(["Explorer", "Calendar"], "cal.Tasks")],
                                      demo: [TasksDemo.step])
}
