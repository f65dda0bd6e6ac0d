# Records another forum of the umbrella shares into this one.
sharing-from = Shared by
sharing-event-note = { $forum } organises this event and shares it with this forum.
bo-field-shared = Shared with
bo-value-forum = this forum only
bo-value-all_forums = the umbrella and all its forums
