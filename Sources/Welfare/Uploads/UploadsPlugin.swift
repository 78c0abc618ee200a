import Lino

/// Scanned documents of clients (Lino's `uploads`, domain section 10): a work
/// permit "valid until" a date gets a reminder task for its uploader, dated by the
/// upload type's rule (two months before), moved when the date moves and removed
/// with the upload.
public enum UploadsPlugin {
    typealias R = WelfareRoles
    public static let areas = ChoiceList("uploads.UploadAreas", [("10", "contract", "Contract"), ("90", "general", "General")])
    /// How long before the end a reminder comes (Lino's Recurrencies, the ones that make sense here).
    public static let units = ChoiceList("uploads.ExpiryUnits", [("D", "daily", "days"), ("W", "weekly", "weeks"),
                                                                 ("M", "monthly", "months"), ("Y", "yearly", "years")])

    static let uploadType = Model.babelNamed("uploads.UploadType", label: "Upload type", plural: "Upload types") {
        ChoiceField("upload_area", "Upload area", areas, default: "90")
        IntField("max_number", "Max. number").defaults(.value(.int(-1)))
        BoolField("wanted", "Wanted")
        ChoiceField("warn_expiry_unit", "Expiry warning (unit)", units)
        IntField("warn_expiry_value", "Expiry warning (value)").defaults(.value(.int(2)))
    }

    static let upload = Model("uploads.Upload", label: "Upload file", plural: "Upload files") {
        FileField("file", "File", required: true)
        ForeignKey("type", "Upload type", to: "uploads.UploadType", required: true)
        CharField("description", "Description").width(30)
        ForeignKey("project", "Client", to: "pcsw.Client")
        ForeignKey("user", "Uploaded by", to: "users.User", onDelete: .setNull).defaults(.currentUser)
        DateField("start_date", "Valid from")
        DateField("end_date", "Valid until")
        BoolField("needed", "Needed", default: true)
        TextField("remark", "Remark")
    }
    .title(["description", "file"]) { r in r.string("description").isEmpty ? r.string("file_name") : r.string("description") }
    .ordered(["-end_date", "id"])
    .index(["project", "end_date"])
    .period()
    .afterSave { w, saved in try ExpiryReminder.update(w, upload: saved.id, saved.after) }
    .beforeDelete { w, upload in try ExpiryReminder.remove(w, upload: upload.id) }

    static let columns = "type:20 description:28 file:24 start_date:10 end_date:10 needed:6 user:16"
    static let detail = Layout("""
        file:40 type:20
        description:40 needed
        project:30 user
        start_date end_date
        remark
        """)
    static let viewers: [Role] = [R.socialUser, R.officeOperator]

    static let tables: [Table] = [
        Table("uploads.UploadsByClient", model: "uploads.Upload", label: "Uploads", columns: columns, masterKey: "project",
              detail: detail, insert: Layout("file:40\ntype:20 description:30\nstart_date end_date needed"),
              viewRoles: viewers, editRoles: [R.socialUser, R.contactsStaff]),
        Table("uploads.MyUploads", model: "uploads.Upload", label: "My uploads", columns: "project:26 " + columns, detail: detail,
              viewRoles: [R.officeUser], editRoles: [R.socialUser], allowInsert: false,
              rowFilter: { user in .equals("user", .int(user.id)) }),
        // Needed documents of my clients that end within a year (domain section 10).
        Table("uploads.MyExpiringUploads", model: "uploads.Upload", label: "My expiring upload files",
              columns: "project:26 type:20 description:24 end_date:10 user:16", order: "end_date", detail: detail,
              viewRoles: [R.socialUser], editRoles: [R.socialUser], allowInsert: false,
              rowFilter: { user in
                  let today = ISODates.today()
                  return .and([.equals("needed", .bool(true)), .atLeast("end_date", .text(today)),
                               .atMost("end_date", .text(ISODates.adding(days: 365, to: today) ?? today)),
                               .linked(field: "project", model: "coachings.Coaching", link: "client",
                                       where: .and([.equals("user", .int(user.id)), CoachingsPlugin.active(from: nil, until: nil)]))])
              })
            .summary(["end_date", "type", "project"]) { r in SummaryLine("\(r.text("end_date")) \(r.text("type")) — \(r.text("project"))") },
        Table("uploads.Uploads", model: "uploads.Upload", label: "Upload files", columns: "project:26 " + columns, detail: detail,
              viewRoles: [R.socialStaff], editRoles: [R.socialStaff]),
        Table("uploads.UploadTypes", model: "uploads.UploadType", label: "Upload types",
              columns: "name:30 upload_area:12 max_number wanted warn_expiry_unit:10 warn_expiry_value",
              detail: Layout("name\nupload_area max_number wanted\nwarn_expiry_unit warn_expiry_value"),
              viewRoles: viewers, editRoles: [R.socialStaff]),
    ]

    public static let plugin = Plugin("uploads", models: [uploadType, upload], tables: tables,
                                      dashboard: [DashboardItem("uploads.MyExpiringUploads")],
                                      menu: [.table(["Office"], "uploads.MyExpiringUploads"), .table(["Office"], "uploads.MyUploads"),
                                             .table(["Configuration", "Office"], "uploads.UploadTypes"),
                                             .table(["Explorer", "Office"], "uploads.Uploads")],
                                      choiceLists: [areas, units], demo: [UploadsDemo.step])
}
