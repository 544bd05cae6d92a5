/// A color as terminals number them: the terminal's own (`default`), or 0-255 (0-7 the eight ANSI colors, 8-15
/// their bright versions, 16-231 a 6×6×6 cube, 232-255 greys).
public enum TerminalColor: Hashable, Sendable {
    case `default`
    case indexed(UInt8)

    /// The names of 0-15, as terminals and mutt's `color` lines know them.
    public static let names = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "bright-black", "bright-red", "bright-green", "bright-yellow", "bright-blue", "bright-magenta",
        "bright-cyan", "bright-white",
    ]

    /// `red`, `bright-red` (also `brightred`, and `grey`/`gray` for bright-black), `color0`-`color255`, `default`.
    public init?(name: String) {
        let name = name.lowercased()
        if name == "default" {
            self = .default
            return
        }
        if let index = Self.names.firstIndex(of: name) {
            self = .indexed(UInt8(index))
            return
        }
        if name.hasPrefix("bright"), let index = Self.names.firstIndex(of: "bright-" + name.dropFirst(6)) {
            self = .indexed(UInt8(index))
            return
        }
        if name == "grey" || name == "gray" {
            self = .indexed(8)
            return
        }
        if name.hasPrefix("color"), let number = Int(name.dropFirst(5)), (0...255).contains(number) {
            self = .indexed(UInt8(number))
            return
        }
        return nil
    }

    /// As a config writes it: `default`, `yellow`, `bright-black`, `color244`.
    public var name: String {
        switch self {
        case .default: "default"
        case .indexed(let index) where index < 16: Self.names[Int(index)]
        case .indexed(let index): "color\(index)"
        }
    }

    /// The nearest color a terminal with `count` colors has: bright colors become their plain ones on an
    /// 8-color terminal, cube and grey colors the nearest of the 16 (or 8) by their xterm values.
    public func fitted(to count: Int) -> TerminalColor {
        guard case .indexed(let index) = self, Int(index) >= count else { return self }
        if count < 8 { return .default }
        // Grey has no plain color of its own: white is nearer than black on either background.
        if index == 8 { return .indexed(7) }
        if index < 16 { return .indexed(index - 8) }
        let basic = count >= 16 ? 16 : 8
        let target = Self.rgb(index)
        func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
            (a.0 - b.0) * (a.0 - b.0) + (a.1 - b.1) * (a.1 - b.1) + (a.2 - b.2) * (a.2 - b.2)
        }
        let nearest = (0..<basic).min { distance(Self.rgb(UInt8($0)), target) < distance(Self.rgb(UInt8($1)), target) }
        return .indexed(UInt8(nearest ?? 7))
    }

    /// xterm's values for a color number.
    static func rgb(_ index: UInt8) -> (Int, Int, Int) {
        let index = Int(index)
        if index < 16 {
            let basic = [
                (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
                (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255),
                (255, 0, 255), (0, 255, 255), (255, 255, 255),
            ]
            return basic[index]
        }
        if index >= 232 {
            let grey = 8 + (index - 232) * 10
            return (grey, grey, grey)
        }
        let cube = index - 16
        let level = { (value: Int) in value == 0 ? 0 : 55 + value * 40 }
        return (level(cube / 36), level(cube / 6 % 6), level(cube % 6))
    }
}
