import Foundation

/// The four digests that ship with Folio, opened when no digest folder is given.
public enum FolioSamples {
    /// The folder holding the bundled digests, wherever the program runs from: beside an installed binary in
    /// `PREFIX/share/folio/samples` (where `Scripts/install` puts them), else the build's resource bundle.
    public static var folder: URL {
        if let installed { return installed }
        return Bundle.module.url(forResource: "digests", withExtension: nil)!
    }

    /// `PREFIX/share/folio/samples` for the binary in `PREFIX/bin`, when it is there.
    static var installed: URL? {
        guard let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() else { return nil }
        let folder = executable.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("share/folio/samples")
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) && isFolder.boolValue
            ? folder : nil
    }
}
