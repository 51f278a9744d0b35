/// What the tool says about itself (`--version`, SARIF's `tool.driver`).
public enum ToolInfo {
    public static let version = "0.1.0"
}
