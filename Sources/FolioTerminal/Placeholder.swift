import FolioUI
