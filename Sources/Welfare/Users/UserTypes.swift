import Lino

/// The roles of Lino Welfare's user types (see shared domain section 2).
public enum WelfareRoles {
    public static let contactsUser: Role = "ContactsUser"
    public static let contactsStaff: Role = "ContactsStaff"
    public static let socialUser: Role = "SocialUser"
    public static let socialStaff: Role = "SocialStaff"
    public static let socialCoordinator: Role = "SocialCoordinator"
    public static let integUser: Role = "IntegUser"
    public static let careerStaff: Role = "CareerStaff"
    public static let newcomersOperator: Role = "NewcomersOperator"
    public static let newcomersUser: Role = "NewcomersUser"
    public static let debtsUser: Role = "DebtsUser"
    public static let cbssUser: Role = "CBSSUser"
    public static let beIdUser: Role = "BeIdUser"
    public static let officeUser: Role = "OfficeUser"
    public static let officeOperator: Role = "OfficeOperator"
    public static let authorshipTaker: Role = "AuthorshipTaker"
    public static let ledgerUser: Role = "LedgerUser"
    public static let securityAdvisor: Role = "SecurityAdvisor"
    public static let siteAdmin = FrameworkRoles.siteAdmin
}

/// Lino Welfare's user types with their roles (`users.UserTypes`).
public enum WelfareUserTypes {
    /// Which user types have each role, as listed in the domain description.
    static let membership: [(Role, [String])] = {
        typealias R = WelfareRoles
        return [
            (R.socialUser, ["100", "110", "120", "200", "300", "400", "410", "420", "900", "910"]),
            (R.socialStaff, ["110", "120", "410", "420", "900", "910"]),
            (R.socialCoordinator, ["210", "400", "410"]),
            (R.integUser, ["100", "110", "120", "420", "900", "910"]),
            (R.careerStaff, ["110", "120", "420", "900", "910"]),
            (R.newcomersOperator, ["110", "120", "200", "220", "300", "420", "800", "900", "910"]),
            (R.newcomersUser, ["120", "200", "220", "300", "420", "900", "910"]),
            (R.debtsUser, ["120", "300", "420", "900", "910"]),
            (R.cbssUser, ["100", "110", "120", "200", "210", "300", "400", "410", "420", "900", "910"]),
            (R.beIdUser, ["100", "110", "120", "200", "210", "220", "300", "400", "410", "420", "800", "900", "910"]),
            (R.contactsStaff, ["110", "120", "210", "410", "420", "800", "900", "910"]),
            (R.contactsUser, ["100", "110", "120", "200", "210", "220", "300", "400", "410", "420", "500", "510", "800", "900", "910"]),
            (R.officeUser, ["100", "110", "120", "200", "300", "400", "410", "420", "500", "510", "900", "910"]),
            (R.officeOperator, ["110", "120", "200", "210", "220", "300", "410", "420", "800", "900", "910"]),
            (R.authorshipTaker, ["210", "220", "400", "410", "800", "900", "910"]),
            (R.ledgerUser, ["500", "510", "900", "910"]),
            (R.siteAdmin, ["900", "910"]),
            (R.securityAdvisor, ["910"]),
        ]
    }()

    static let texts: [(String, String)] = [
        ("100", "Integration agent"),
        ("110", "Integration agent (Manager)"),
        ("120", "Integration agent (Flexible)"),
        ("200", "Newcomers consultant"),
        ("210", "Reception clerk"),
        ("220", "Reception clerk (Flexible)"),
        ("300", "Debts consultant"),
        ("400", "Social agent"),
        ("410", "Social agent (Manager)"),
        ("420", "Social agent (Flexible)"),
        ("500", "Accountant"),
        ("510", "Accountant (Manager)"),
        ("800", "Supervisor"),
        ("900", "Administrator"),
        ("910", "Security advisor"),
    ]

    public static let all: [UserType] = texts.map { value, text in
        UserType(value, text, roles: Set(membership.filter { $0.1.contains(value) }.map(\.0)))
    }
}
