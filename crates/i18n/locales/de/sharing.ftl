# Datensätze, die ein anderes Forum des Dachverbands mit diesem Forum teilt.
sharing-from = Geteilt von
sharing-event-note = { $forum } richtet diese Veranstaltung aus und teilt sie mit diesem Forum.
bo-field-shared = Geteilt mit
bo-value-forum = nur diesem Forum
bo-value-all_forums = dem Dachverband und allen seinen Foren
