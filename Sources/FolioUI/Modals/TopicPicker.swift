import FolioCore
import FolioScreen

/// The topic picker: `t` opens it over the list; digits or Enter toggle topics while the list narrows behind.
public struct TopicPicker: Sendable, Equatable {
    /// Topic indices in the order shown, fixed while the picker is open.
    public internal(set) var entries: [Int]
    public internal(set) var cursor = 0
    /// The tags in use, a group of their own after the topics (most used first): toggling one applies the
    /// filter `tag:NAME`, or clears it.
    public internal(set) var tags: [String] = []

    /// Rows: the topics, then the tags.
    var count: Int { entries.count + tags.count }

    /// The tag under the cursor, when it is on the tags.
    var tagAtCursor: String? {
        cursor >= entries.count && cursor < count ? tags[cursor - entries.count] : nil
    }
}

extension TopicPicker: ModalHandler {
    static var keyContext: KeyContext { .topics }
    /// Digits pick topics.
    static var acceptsCounts: Bool { false }

    /// Moving its cursor, toggling, closing; anything else closes the picker and runs as usual.
    static func perform(_ action: Action, times: Int, argument: String?, in state: inout AppState) -> Handling {
        guard let picker = state.topicPicker else { return .passed }
        let page = max(1, min(picker.count, state.layout.list.height / 2))
        switch action {
        case .moveDown: state.movePickerCursor(to: picker.cursor + times)
        case .moveUp: state.movePickerCursor(to: picker.cursor - times)
        case .pageDown, .halfPageDown: state.movePickerCursor(to: picker.cursor + page * times)
        case .pageUp, .halfPageUp: state.movePickerCursor(to: picker.cursor - page * times)
        case .top: state.movePickerCursor(to: 0)
        case .bottom: state.movePickerCursor(to: picker.count - 1)
        case .toggleTopic:
            if let argument {
                state.toggleTopic(named: argument)
            } else if let tag = picker.tagAtCursor {
                state.toggleTagFilter(tag)
            } else if picker.entries.indices.contains(picker.cursor) {
                state.toggleTopic(picker.entries[picker.cursor])
            }
        case .topics, .focusList: state.modal = nil
        case .clearFilters: state.clearFilters()
        default:
            state.modal = nil
            return .passed
        }
        return .done
    }

    /// Digits: 1 to 9 toggle that entry, 0 the tenth.
    static func type(_ key: Key, in state: inout AppState) -> Handling {
        guard let digit = key.digit, !key.ctrl, !key.alt else { return .passed }
        state.toggleTopic(number: digit)
        return .done
    }
}

extension AppState {
    /// The topic picker, while it is open.
    public var topicPicker: TopicPicker? {
        if case .topicPicker(let picker) = modal { picker } else { nil }
    }

    mutating func openTopicPicker() {
        guard let topicIndex else {
            message = "finding topics… (a moment)"
            return
        }
        guard !topicIndex.topics.isEmpty else {
            message = "no topics: add some in \(TopicCatalog.userFilePath())"
            return
        }
        let entries = topicOrder.filter { topicBaseCounts[$0] > 0 || activeTopics.contains($0) }
        let tags = layer.tagsInUse.map(\.name)
        guard !entries.isEmpty || !tags.isEmpty else {
            message = "no topic has papers in this view"
            return
        }
        focus = .list
        modal = .topicPicker(TopicPicker(entries: entries, tags: tags))
    }

    /// Digits in the picker: 1 to 9 toggle that entry, 0 the tenth.
    mutating func toggleTopic(number: Int) {
        guard var picker = topicPicker else { return }
        let position = number == 0 ? 9 : number - 1
        guard picker.entries.indices.contains(position) else {
            message = "no topic \(number) here"
            return
        }
        picker.cursor = position
        modal = .topicPicker(picker)
        toggleTopic(picker.entries[position])
    }

    mutating func movePickerCursor(to position: Int) {
        guard var picker = topicPicker, picker.count > 0 else { return }
        picker.cursor = max(0, min(position, picker.count - 1))
        modal = .topicPicker(picker)
    }

    /// A tag in the picker: the view filtered by it, or, when that is the filter in force, not any more.
    mutating func toggleTagFilter(_ name: String) {
        let text = "tag:\(name)"
        if activeFilter?.text == text, activeFilter?.name == nil {
            applyFilter("")
            message = "filter \(text) off"
        } else if let problem = applyFilter(text) {
            message = "\(text): \(problem)"
        }
    }
}
