search-title = Search
search-label = Search urbis
search-submit = Search
search-count = { $count ->
    [one] One record found
   *[other] { $count } records found
}
search-count-about = About { $count } records found (figures estimated)
search-none = Nothing found. Try fewer or other words.
search-too-long = The search text is too long: at most { $count } characters are searched.
search-facet-kind = Kind
search-facet-topic = Topic
search-facet-year = Year
search-pages = Result pages
search-previous = Previous page
search-next = Next page
search-kind-event = Event
search-kind-series = Event series
search-kind-collection = Information collection
search-kind-entry = Collection entry
search-kind-publication = Publication
search-kind-funding_call = Funding call
search-kind-project = Project
search-kind-organisation = Organisation
search-kind-topic = Topic page
search-kind-advocacy_action = Advocacy
