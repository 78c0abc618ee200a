/// One entry of the main menu; the site shows each user only what their roles allow.
public indirect enum MenuItem: Sendable {
    /// A submenu with an English label.
    case menu(String, [MenuItem])
    /// Opens a table's grid (label from the table unless given).
    case table(String, label: String? = nil)
    /// A shell command: `about`, `mySettings`, `logout`.
    case command(String, label: String)
    case separator
}
