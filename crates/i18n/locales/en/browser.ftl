browser-site-name = urbis
browser-site-tagline = Network of cities for urban security and prevention
browser-nav-main = Main navigation
browser-nav-language = Choose language
browser-footer-text = urbis – the platform of the network of cities for urban security and crime prevention.
browser-footer-calendar = Subscribe to the calendar (iCal)
