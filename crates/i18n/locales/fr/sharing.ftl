# Records another forum of the umbrella shares into this one.
sharing-from = Partagé par
sharing-event-note = { $forum } organise cet événement et le partage avec ce forum.
bo-field-shared = Partagé avec
bo-value-forum = ce forum seulement
bo-value-all_forums = le réseau européen et tous ses forums
